"""Review h69 D29: a header in the middle of a file in another column order re-maps the rows below it; another
table's header (a credit notes section) refuses the file, never read as the first table.

Files under tests/fixtures/h71 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.cli_runs import ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h71"


def test_d29_reordered_second_header_is_followed(tmp_path: Path) -> None:
    """Feb (Hours, Billable Hours) then Mar (Billable Hours, Hours): hours 2 + 3 + 4 + 2 = 11.00, billable
    1.5 + 3 + 1 + 0.5 = 6.00 (was 6.50 hours: March read swapped)."""
    db = tmp_path / "c.duckdb"
    rc, f = ingest_json(db, str(FIX / "concat_reordered.csv"))
    assert rc == 0 and f["totals"]["hours"] == "11.00" and f["totals"]["billable_hours"] == "6.00"
    assert f["rows_quarantined"] == 0
    assert rows(db, "select sum(hours)::double from cur_time_entries where date >= '2026-03-01'") == [(6.0,)]


def test_d29_credit_notes_section_is_refused(tmp_path: Path) -> None:
    """An invoice list, then a `Credit Note #, Customer, Date, Amount` section: was exit 0 with CN-1 +200.00 as an
    invoice (3,900.00; right 3,500.00); refused naming row 5."""
    rc, f = ingest_json(tmp_path / "s.duckdb", str(FIX / "invoices_then_credits_section.csv"))
    assert rc == 2 and "row 5 is another table's header (Credit Note #" in f["errors"][0]["reason"]
