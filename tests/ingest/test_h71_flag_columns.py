"""Review h69 D21: a `Non-billable` column of hours (0, 1, 0.75) is never read as the non-billable flag.

Files under tests/fixtures/h71 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.cli_runs import ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h71"


def test_d21_hours_column_read_as_a_flag_is_refused(tmp_path: Path) -> None:
    """Was exit 0 with Ben Ortiz's 2.00 h billable entry loaded as not billable (its cell 1) and the 0.75 h row held;
    now refused naming the column, a value and the hours / billable_hours mapping; nothing written."""
    db = tmp_path / "t.duckdb"
    rc, f = ingest_json(db, str(FIX / "two_row_header_hours_fixed.xlsx"))
    assert rc == 2 and f["rows_loaded"] == 0
    reason = f["errors"][0]["reason"]
    assert "`Non-billable`" in reason and "0.75" in reason and "billable_hours" in reason
    if db.exists():
        assert rows(db, "select count(*) from cur_time_entries") == [(0,)]
