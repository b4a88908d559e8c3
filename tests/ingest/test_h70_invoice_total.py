"""h70 defect 3 (h60 F13 note): an invoice file whose only amount is a document total (`Invoice Total`, `Total`,
`Total Amount`) loaded as net revenue without a word. A document total includes the sales tax when some was
charged: it loads with the tax caveat (a warning), as the QuickBooks Invoice List's does; a mapping naming it as the
amount states it holds no tax (no warning); `Amount Inc Tax` stays refused; a net heading gets no caveat.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.ingest.h70_common import FIX, ingest, refused, rows


def _tax_warnings(r: dict) -> list[str]:
    return [w for w in r.get("warnings") or [] if "sales tax" in w]


@pytest.mark.parametrize("heading", ["Invoice Total", "Total", "Total Amount", "Total (USD)"])
def test_document_total_loads_with_the_tax_caveat(capsys, tmp_path, heading):
    (tmp_path / "inv.csv").write_text((FIX / "invoice_total.csv").read_text().replace("Invoice Total", heading))
    db = tmp_path / "m.duckdb"
    code, r = ingest(capsys, db, tmp_path / "inv.csv")
    assert code == 0 and r["source_columns"][heading] == "amount"
    [w] = _tax_warnings(r)
    assert f"`{heading}` is a document total" in w and "net of tax" in w and "Subtotal / Net" in w
    assert rows(db, "SELECT sum(amount) FROM cur_invoices") == [(Decimal("2255.00"),)]


@pytest.mark.parametrize("heading", ["Subtotal", "Amount", "Net Total", "Total ex Tax"])
def test_net_headings_get_no_caveat(capsys, tmp_path, heading):
    (tmp_path / "inv.csv").write_text((FIX / "invoice_total.csv").read_text().replace("Invoice Total", heading))
    code, r = ingest(capsys, tmp_path / "m.duckdb", tmp_path / "inv.csv")
    assert code == 0 and not _tax_warnings(r)


def test_a_mapping_naming_the_total_says_it_holds_no_tax(capsys, tmp_path):
    (tmp_path / "map.yaml").write_text('dataset: invoices\ncolumns: {"Invoice Total": amount}\n')
    code, r = ingest(capsys, tmp_path / "m.duckdb", "invoice_total.csv", "--mapping", str(tmp_path / "map.yaml"))
    assert code == 0 and not _tax_warnings(r) and r["totals"]["amount"] == "2255.00"


def test_amount_inc_tax_is_still_refused(capsys, tmp_path):
    msg = refused(capsys, tmp_path / "m.duckdb", "tax_Amount_Inc_Tax.csv")
    assert "`Amount Inc Tax` includes the tax" in msg
