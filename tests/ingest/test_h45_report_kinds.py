"""Review h41 D9, D31, D10: accounting reports that are not sales (Profit and Loss, Customer Balance Detail, A/R Aging,
Estimates) are refused naming what they are and which export holds the sales; nothing is written.

The reviewer's QuickBooks Online report CSVs (tests/fixtures/h45, provenance and hand totals in its README) through
`moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h45"


def ingest(db: Path, *args: str) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", "--json", "--no-confirm-new-names", *args],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    return proc.returncode, json.loads(proc.stdout)["files"][0]


def state(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [t for (t,) in con.sql("select table_name from information_schema.tables where table_type = 'BASE TABLE' "
                                         "order by 1").fetchall()]
        return [(t, con.sql(f"select count(*) from \"{t}\"").fetchall()) for t in tables] + \
            con.sql("select client_name, sum(amount)::DOUBLE from cur_invoices group by 1 order by 1").fetchall()


@pytest.mark.parametrize(("name", "says"), [
    ("f33_qbo_pl_by_customer.csv", "'Profit and Loss by Customer': a Profit and Loss report"),
    ("f34_qbo_pl_by_month.csv", "'Profit and Loss': a Profit and Loss report"),
    ("f82_qbo_customer_balance_detail.csv", "'Customer Balance Detail': a customer balance report (open receivables, not sales"),
    ("f35_qbo_ar_aging.csv", "'A/R Aging Summary': an accounts receivable aging report"),
    ("f84_qbo_estimates_by_customer.csv", "'Estimates by Customer': an estimates / quotes report"),
    ("f33b_qbo_pl_by_customer_no_title.csv", "a Profit and Loss report (income and expense accounts)"),
    ("f35b_qbo_ar_aging_no_title.csv", "its columns are aging buckets (Current, 1 - 30, 31 - 60, 61 - 90): an accounts receivable"),
])
def test_report_that_is_not_sales_is_refused_and_nothing_changes(tmp_path: Path, name: str, says: str) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(FIX / "f01_qbo_sales_cust_detail.csv"))[0] == 0
    before = state(db)
    assert before[-2:] == [("Acme Dental", 1737.5), ("Bluewater Legal", 2629.98)]
    rc, f = ingest(db, str(FIX / name))
    assert rc == 2 and f["rejected"] is True and f["rows_loaded"] == 0
    reason = f["errors"][0]["reason"]
    assert says in reason
    assert "Hint: export Sales by Customer Detail (or an invoice list) for the period instead" in reason
    assert state(db) == before


def test_sales_detail_with_a_title_still_loads(tmp_path: Path) -> None:
    rc, f = ingest(tmp_path / "m.duckdb", str(FIX / "f01_qbo_sales_cust_detail.csv"))
    assert rc == 0 and f["source"] == "qbo_sales_customer_detail" and f["totals"]["amount"] == "4367.48"


def test_pl_workbook_is_refused_by_its_title_rows(tmp_path: Path) -> None:
    """QuickBooks' "Export to Excel" keeps the report's name above the header, as the CSV does."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [["Northwind IT Services"], ["Profit and Loss by Customer"], ["January - March, 2026"], [],
              [None, "Acme Dental", "Bluewater Legal", "Total"], ["Income"], ["   4000 Managed Services", 4500, 6750, 11250],
              ["Total Income", 4500, 6750, 11250], ["Expenses"], ["   6100 Software", None, None, 1150],
              ["Total Expenses", 0, 0, 1150]]:
        ws.append(r)
    path = tmp_path / "pl.xlsx"
    wb.save(path)
    rc, f = ingest(tmp_path / "m.duckdb", str(path))
    assert rc == 2
    assert "its title rows name 'Profit and Loss by Customer': a Profit and Loss report" in f["errors"][0]["reason"]
