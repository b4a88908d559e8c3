"""Review h69 D27: FreshBooks' Reports > Time Entry Details export was refused, its hint mapping `Client` alone (the
technician left out, so a user following it was refused again). It loads now as a declared source: `Team Member` is
the technician, `Billable?` decides billable, `Billed?` (already invoiced) is never read as billable, `Rate` is the
billing rate. A refusal's hint maps every missing field.

Files under tests/fixtures/h75 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk.
"""

from __future__ import annotations

from pathlib import Path

from moat.ingest import recognise
from moat.ingest.sources import SOURCES
from tests.ingest.cli_runs import ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h75"


def test_d27_freshbooks_time_entry_details_load_hours_billable_technician_client(tmp_path: Path) -> None:
    """Hours 9.50, billable 8.75 (Billed? No on billable rows still billable); Ann 4.25 / 3.50, Ben 5.25 / 5.25."""
    db = tmp_path / "f.duckdb"
    rc, f = ingest_json(db, str(FIX / "freshbooks_time_entry_details_march.csv"))
    assert rc == 0 and f["source"] == "freshbooks_time_entry_details" and f["dataset"] == "time_entries", f
    assert f["rows_loaded"] == 5 and f["totals"] == {"hours": "9.50", "billable_hours": "8.75", "entries": 5}
    assert rows(db, "SELECT technician_name, sum(hours)::VARCHAR, (sum(hours) FILTER (WHERE billable))::VARCHAR "
                    "FROM cur_time_entries GROUP BY 1 ORDER BY 1") == [("Ann Lee", "4.2500", "3.5000"),
                                                                         ("Ben Ortiz", "5.2500", "5.2500")]
    assert rows(db, "SELECT client_name, sum(hours)::VARCHAR FROM cur_time_entries GROUP BY 1 ORDER BY 1") == [
        ("Acme Dental", "5.7500"), ("Bright Law LLP", "3.7500")]
    assert rows(db, "SELECT DISTINCT bill_rate::VARCHAR FROM cur_time_entries WHERE billable") == [("120.0000",)]


def test_d27_a_refusal_hint_maps_every_missing_field() -> None:
    """The near miss the old hint came from (MoatMetrics' own time log layout) lacks client and technician: both are
    in the mapping. h111 (L5): a refusal's hint names the file's own column where the synonyms find one, so the
    technician is `Team Member` (FreshBooks' person column), no longer a placeholder."""
    header = ["Date", "Team Member", "Client", "Project", "Service", "Note", "Hours", "Billable?", "Billed?", "Rate", "Amount"]
    near = recognise.match(next(s for s in SOURCES if s.id == "moat_original_time_logs"), header)
    hint = recognise.refusal("fb.csv", near, header, None).hint or ""
    assert '"Client": client_name' in hint and '"Team Member": technician_name' in hint, hint
