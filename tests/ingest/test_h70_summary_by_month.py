"""h70 defect 2 (h41 D8): a QuickBooks Online Sales by Customer Summary with "Display columns by: Months" must never
load its Total as one lump dated on the period's last day (March 3x, January and February 0).

The month columns are read instead: one row per customer per month, dated the month's last day, in any spelling of
a month heading (`Jan 2026`, `January 2026`, `2026-01`, `01/2026`); the Total column is not read. Columns that are
periods but not calendar months (`P01 FY26` adding up to the Total, quarters) are refused naming the per-month
export. Columns by class (no period in their headings) still load the customer's Total.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.ingest.h70_common import FIX, ingest, refused, rows

MONTHS = "Jan 2026,Feb 2026,Mar 2026"
BY_MONTH = {date(2026, 1, 31): Decimal("3750.00"), date(2026, 2, 28): Decimal("4950.00"), date(2026, 3, 31): Decimal("4367.48")}


def _variant(tmp_path, headings: str):
    path = tmp_path / "summary.csv"
    path.write_text((FIX / "f32_qbo_sales_by_customer_summary_months.csv").read_text().replace(MONTHS, headings))
    return path


@pytest.mark.parametrize("headings", [MONTHS, "January 2026,February 2026,March 2026", "2026-01,2026-02,2026-03", "01/2026,02/2026,03/2026"])
def test_a_column_per_month_loads_a_row_per_customer_per_month(capsys, tmp_path, headings):
    db = tmp_path / "m.duckdb"
    code, r = ingest(capsys, db, _variant(tmp_path, headings))
    assert code == 0 and r["source"] == "qbo_sales_customer_summary", r
    assert r["rows_loaded"] == 3 and r["rows_read"] == r["rows_loaded"] + r["rows_quarantined"] + r["rows_skipped"]
    assert r["totals"]["amount"] == "13067.48" and r["row_rules"]["period_columns_split"] == 3
    assert not any(w.startswith("columns not used") and headings.split(",")[0] in w for w in r["warnings"])
    assert dict(rows(db, "SELECT date, sum(amount) FROM cur_invoices GROUP BY 1")) == BY_MONTH
    assert rows(db, "SELECT date, amount FROM cur_invoices WHERE client_name = 'Acme Dental' ORDER BY 1") == [
        (date(2026, 1, 31), Decimal("1500.00")), (date(2026, 2, 28), Decimal("1500.00")), (date(2026, 3, 31), Decimal("1737.50"))]
    assert rows(db, "SELECT count(*) FROM cur_invoices WHERE client_name = 'Harbour Dental'") == [(1,)]


@pytest.mark.parametrize("headings", ["P01 FY26,P02 FY26,P03 FY26", "Q1 2026,Q2 2026,Q3 2026"])
def test_periods_that_are_not_months_are_refused(capsys, tmp_path, headings):
    msg = refused(capsys, tmp_path / "m.duckdb", _variant(tmp_path, headings))
    assert f"has a column per period ({headings.split(',')[0]}," in msg and "Display columns by: Total only" in msg


def test_months_that_do_not_add_up_to_the_total_are_refused(capsys, tmp_path):
    path = _variant(tmp_path, MONTHS)
    path.write_text(path.read_text().replace('"1,737.50"', '"1,700.00"'))
    msg = refused(capsys, tmp_path / "m.duckdb", path)
    assert "has a column per month (Jan 2026, Feb 2026, Mar 2026), but on row 6 they do not add up to `Total`" in msg


def test_columns_by_class_still_load_the_customer_totals(capsys, tmp_path):
    db = tmp_path / "m.duckdb"
    code, r = ingest(capsys, db, _variant(tmp_path, "Managed,Projects,Hardware"))
    assert code == 0 and r["source"] == "qbo_sales_customer_summary"
    assert dict(rows(db, "SELECT client_name, sum(amount) FROM cur_invoices GROUP BY 1")) == {
        "Acme Dental": Decimal("4737.50"), "Bluewater Legal": Decimal("7129.98"), "Harbour Dental": Decimal("1200.00")}
