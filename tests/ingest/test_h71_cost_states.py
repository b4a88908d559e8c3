"""Review h69 D20: draft and void bills of a costs file are not costs (its `Bill Status` column is read).

Files under tests/fixtures/h71 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.cli_runs import ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h71"


def test_d20_void_and_draft_bills_are_skipped(tmp_path: Path) -> None:
    """Zoho Books Bills: 820.00 + 640.00 + 4,000.00 (RENT-03B) = 5,460.00; AWS-03 (Draft 300.00) and RENT-03 (Void
    4,000.00) skipped and counted (was 9,760.00: the rent twice in overhead)."""
    db = tmp_path / "b.duckdb"
    rc, f = ingest_json(db, str(FIX / "zoho_bills.csv"), "--mapping", str(FIX / "zbills_map.yaml"))
    assert rc == 0 and f["totals"]["amount"] == "5460.00"
    assert (f["rows_read"], f["rows_loaded"], f["rows_skipped"]) == (5, 3, 2)
    assert f["row_rules"]["bills_excluded_by_status"] == 2
    assert rows(db, "select sum(amount)::double from cur_costs where client_name is null") == [(4000.0,)]
