"""h70 defect 1: a Xero Bills (payables) export loaded NOTHING with exit 0 (every row skipped as "Bill: not a sale").

A file with data rows that loads none of them is never right: it is refused (exit 2, nothing written) saying the rows
are purchases, that the supplier is never a client, and the mapping that loads them as costs; following that hint
loads the costs to the hand-computed total (tests/fixtures/h70/README.md).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from tests.ingest.h70_common import FIX, dump, ingest, refused, rows


@pytest.mark.parametrize("name", ["xero_bills_export.csv", "xero_bills_gb.csv"])
def test_bills_export_is_refused_naming_costs_and_the_mapping(capsys, tmp_path, name):
    msg = refused(capsys, tmp_path / "m.duckdb", name)
    assert "purchases" in msg and "'Bill'" in msg and "`ContactName` only if it is that client: a supplier is never a client" in msg
    assert "dataset: costs" in msg and '"InvoiceDate": "date"' in msg and '"LineAmount": "amount"' in msg
    assert rows(tmp_path / "m.duckdb", "SELECT DISTINCT client_name FROM cur_invoices") == [("Acme Dental",)]


def test_following_the_hint_loads_the_costs(capsys, tmp_path):
    db = tmp_path / "m.duckdb"
    msg = refused(capsys, db, "xero_bills_export.csv")
    cols = re.search(r"columns: (\{.*?\});", msg).group(1)
    cols = cols[:-1] + ', "TrackingOption1": "client_name"}'  # the hint's "add the column that names the client"
    (tmp_path / "map.yaml").write_text(f"dataset: costs\ncolumns: {cols}\n")
    code, r = ingest(capsys, db, "xero_bills_export.csv", "--mapping", str(tmp_path / "map.yaml"))
    assert code == 0 and r["rows_loaded"] == 3, r
    got = dict(rows(db, "SELECT coalesce(client_name, '(overhead)'), sum(amount) FROM cur_costs GROUP BY 1"))
    assert got == {"Acme Dental": Decimal("1100.00"), "Harbor Logistics": Decimal("200.00"), "(overhead)": Decimal("150.00")}
    assert not rows(db, "SELECT * FROM cur_invoices WHERE client_name IN ('Pax8', 'Comcast Business')")


def test_only_payments_is_refused_too(capsys, tmp_path):
    """The class, not the file: a sales layout whose rows are all payments received loads nothing either."""
    src = (FIX / "xero_bills_export.csv").read_text().replace(",Bill,", ",Sales overpayment,")
    (tmp_path / "pay.csv").write_text(src)
    msg = refused(capsys, tmp_path / "m.duckdb", tmp_path / "pay.csv")
    assert "none of its 3 rows is a sale" in msg and "'Sales overpayment'" in msg


def test_bills_beside_sales_still_load_the_sales(capsys, tmp_path):
    src = (FIX / "xero_bills_export.csv").read_text().splitlines()
    sale = src[3].replace("Comcast Business", "Acme Dental").replace("CB-7781", "INV-9").replace(",Bill,", ",Sales invoice,")
    (tmp_path / "mixed.csv").write_text("\n".join([*src, sale]) + "\n")
    db = tmp_path / "m.duckdb"
    code, r = ingest(capsys, db, tmp_path / "mixed.csv")
    assert code == 0 and r["rows_loaded"] == 1 and r["row_rules"]["not_revenue_skipped"] == 3
    assert rows(db, "SELECT client_name, amount FROM cur_invoices") == [("Acme Dental", Decimal("150.00"))]
    assert dump(db)


def test_a_generic_list_of_bills_or_payments_is_refused(capsys, tmp_path):
    """The same in a file read by the header synonyms (no declared source): `Type` of only bills, or only payments."""
    head = "Date,Type,Invoice No,Customer,Amount\n"
    (tmp_path / "export.csv").write_text(head + "2026-03-02,Bill,1,Acme Dental,100.00\n2026-03-03,Bill,2,Harbor Logistics,50.00\n")
    msg = refused(capsys, tmp_path / "m.duckdb", tmp_path / "export.csv")
    assert "its 2 rows are purchases ('Bill' in `Type`)" in msg and '"Date": "date", "Amount": "amount"' in msg
    assert '"Type": "category"' not in msg
    (tmp_path / "pay.csv").write_text(head + "2026-03-02,Payment,1,Acme Dental,100.00\n")
    msg = refused(capsys, tmp_path / "m2.duckdb", tmp_path / "pay.csv")
    assert "none of its 1 rows is a sale: `Type` holds only 'Payment'" in msg
