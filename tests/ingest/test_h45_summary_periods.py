"""Review h41 D8: a QuickBooks Sales by Customer Summary shown with a column per month ("Display columns by: Months")
loads a row per customer per month from its month columns (h70; it was refused before): its Total, dated on the
span's last day, put a quarter's sales in March (3x) and none in January / February. The plain summary (Total
only) still loads.

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


def test_summary_with_month_columns_loads_a_row_per_month(tmp_path: Path) -> None:
    """h70: the month columns are read (a row per customer per month, dated its last day), never the Total's lump."""
    from datetime import date

    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(MONTHS))
    assert rc == 0 and f["rows_loaded"] == 3 and f["row_rules"]["period_columns_split"] == 3, f
    assert revenue(db) == [("Acme Dental", date(2026, 1, 31), 1500.0), ("Acme Dental", date(2026, 2, 28), 1500.0),
                           ("Acme Dental", date(2026, 3, 31), 1737.5), ("Bluewater Legal", date(2026, 1, 31), 2250.0),
                           ("Bluewater Legal", date(2026, 2, 28), 2250.0), ("Bluewater Legal", date(2026, 3, 31), 2629.98),
                           ("Harbour Dental", date(2026, 2, 28), 1200.0)]


def test_same_summary_with_total_only_loads(tmp_path: Path) -> None:
    path = FIX / "f32b_qbo_sales_by_customer_summary_total_only.csv"
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(path))
    assert rc == 0 and f["source"] == "qbo_sales_customer_summary", f
    from datetime import date
    # the quarter's Total per customer, dated at the end of the title's period (the documented summary rule)
    assert revenue(db) == [("Acme Dental", date(2026, 3, 31), 4737.5), ("Bluewater Legal", date(2026, 3, 31), 7129.98),
                           ("Harbour Dental", date(2026, 3, 31), 1200.0)]
