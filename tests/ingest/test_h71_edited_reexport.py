"""Review h69 D24: an id-less re-export whose notes were edited is refused as a corrected re-export (naming
--replace-range), never loaded with the edited entries counted twice.

Files under tests/fixtures/h71 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.cli_runs import dump, ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h71"


def test_d24_notes_edited_reexport_is_refused_then_replaces(tmp_path: Path) -> None:
    """time_week1 (5 entries, 6.50 h), then the same 5 with two notes edited: was exit 0 with 7 entries, 9.00 h; now
    refused naming --replace-range 2026-03-02 2026-03-05, nothing written; with it: 5 entries, 6.50 h."""
    db = tmp_path / "n.duckdb"
    assert ingest_json(db, str(FIX / "time_week1.csv"))[0] == 0
    before = dump(db)
    rc, f = ingest_json(db, str(FIX / "time_week1_notes_edited.csv"))
    assert rc == 2
    reason = f["errors"][0]["reason"]
    assert "corrected re-export" in reason and "`Notes`" in reason and "--replace-range 2026-03-02 2026-03-05" in reason
    assert dump(db) == before
    rc, f = ingest_json(db, str(FIX / "time_week1_notes_edited.csv"), "--replace-range", "2026-03-02", "2026-03-05")
    assert rc == 0
    assert rows(db, "select count(*), sum(hours)::double from cur_time_entries") == [(5, 6.5)]
