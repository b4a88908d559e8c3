"""Review h69 D30: money written with the other sign convention (a card export's money out negative; an income
account's credits negative) is read with the signs turned round, never as negative costs or negative revenue.

Files under tests/fixtures/h71 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.cli_runs import ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h71"


def test_d30_card_expenses_negative_are_costs(tmp_path: Path) -> None:
    """820 + 300 - 45 + 4,000 = 5,075.00 of overhead (was -5,075.00)."""
    db = tmp_path / "c.duckdb"
    rc, f = ingest_json(db, str(FIX / "card_expenses_negative.csv"), "--dataset", "costs")
    assert rc == 0 and f["totals"]["amount"] == "5075.00" and f["row_rules"]["signs_turned_round"] == 4
    assert rows(db, "select amount::double from cur_costs order by date") == [(820.0,), (300.0,), (-45.0,), (4000.0,)]


def test_d30_income_written_as_credits(tmp_path: Path) -> None:
    """`4000 Sales` listing: 1,500 + 2,200 - 200 = 3,500.00 (was -3,500.00)."""
    db = tmp_path / "i.duckdb"
    rc, f = ingest_json(db, str(FIX / "income_credits_negative.csv"))
    assert rc == 0 and f["totals"]["amount"] == "3500.00"
    assert rows(db, "select client_name, sum(amount)::double from cur_invoices group by 1 order by 1") == [
        ("Acme Dental", 1500.0), ("Bright Law LLP", 2000.0)]
