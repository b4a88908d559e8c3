"""h70 defect 2 (h41 D8): a QuickBooks Online Sales by Customer Summary with "Display columns by: Months" must never
load its Total as one lump dated on the period's last day (March 3x, January and February 0). The `Jan 2026`
headings were refused already; other spellings of the same month columns (`2026-01`, `01/2026`, a fiscal `P01 FY26`
whose numbers add up to the Total) loaded the lump with exit 0. All are refused naming the fix; columns by class
(no period in their headings) still load the customer's Total.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.ingest.h70_common import FIX, ingest, refused, rows

MONTHS = "Jan 2026,Feb 2026,Mar 2026"


def _variant(tmp_path, headings: str):
    path = tmp_path / "summary.csv"
    path.write_text((FIX / "f32_qbo_sales_by_customer_summary_months.csv").read_text().replace(MONTHS, headings))
    return path


@pytest.mark.parametrize("headings", [MONTHS, "2026-01,2026-02,2026-03", "01/2026,02/2026,03/2026", "P01 FY26,P02 FY26,P03 FY26"])
def test_a_column_per_month_is_never_one_lump(capsys, tmp_path, headings):
    msg = refused(capsys, tmp_path / "m.duckdb", _variant(tmp_path, headings))
    first = headings.split(",")[0]
    assert f"has a column per period ({first}," in msg and "would date all of the span's sales on 2026-03-31" in msg
    assert "Display columns by: Total only" in msg


def test_columns_by_class_still_load_the_customer_totals(capsys, tmp_path):
    db = tmp_path / "m.duckdb"
    code, r = ingest(capsys, db, _variant(tmp_path, "Managed,Projects,Hardware"))
    assert code == 0 and r["source"] == "qbo_sales_customer_summary"
    assert dict(rows(db, "SELECT client_name, sum(amount) FROM cur_invoices GROUP BY 1")) == {
        "Acme Dental": Decimal("4737.50"), "Bluewater Legal": Decimal("7129.98"), "Harbour Dental": Decimal("1200.00")}
