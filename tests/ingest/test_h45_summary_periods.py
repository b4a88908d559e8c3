"""Review h41 D8: a QuickBooks Sales by Customer Summary shown with a column per month ("Display columns by: Months")
is refused naming the month columns and the fix: its Total, dated on the span's last day, put a quarter's sales in
March (3x) and none in January / February. The plain summary (Total only) still loads.

The reviewer's file (tests/fixtures/h45; hand totals in its README) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tests.ingest.cli_runs import ingest_json as ingest

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h45"
MONTHS = FIX / "f32_qbo_sales_by_customer_summary_months.csv"


def revenue(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql("select client_name, date, sum(amount)::DOUBLE from cur_invoices group by 1, 2 order by 1, 2").fetchall()


def test_summary_with_month_columns_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(MONTHS))
    assert rc == 2 and f["rejected"] is True and f["rows_loaded"] == 0
    reason = f["errors"][0]["reason"]
    assert "has a column per period (Jan 2026, Feb 2026, Mar 2026)" in reason
    assert "would date all of the span's sales on 2026-03-31" in reason
    assert "Display columns by: Total only" in reason
    assert revenue(db) == []


def test_same_summary_with_total_only_loads(tmp_path: Path) -> None:
    path = FIX / "f32b_qbo_sales_by_customer_summary_total_only.csv"
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(path))
    assert rc == 0 and f["source"] == "qbo_sales_customer_summary", f
    from datetime import date
    # the quarter's Total per customer, dated at the end of the title's period (the documented summary rule)
    assert revenue(db) == [("Acme Dental", date(2026, 3, 31), 4737.5), ("Bluewater Legal", date(2026, 3, 31), 7129.98),
                           ("Harbour Dental", date(2026, 3, 31), 1200.0)]
