"""Review h41 D3: a document-type column in other wordings (Sage 50 SI / SC / SR, INV / CRN / PMT codes, ConnectWise
invoice types with "Down Payment"): payments and deposits are not revenue, credit notes count negative, and a value
that is no known document type refuses the file naming it (never loaded as revenue).

The reviewer's files (tests/fixtures/h45; hand totals in its README) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.ingest.cli_runs import ingest_json as ingest

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h45"


def revenue(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql("select client_name, sum(amount)::DOUBLE from cur_invoices group by 1 order by 1").fetchall()


@pytest.mark.parametrize(("name", "extra", "right", "skipped"), [
    # Sage 50 audit trail, Net column: ACME001 1500 - 200 (SC) = 1300; BLUE001 2250 + 375 = 2625 (SR 2700 is a payment)
    ("f15_sage50_audit_trail.csv", ["--dayfirst"], [("ACME001", 1300.0), ("BLUE001", 2625.0)], 1),
    # INV / CRN / PMT: Acme 1500 - 200 = 1300; Bluewater 2250 (PMT 2250 is the payment of invoice 1002)
    ("f17_invoices_doctype_codes.csv", [], [("Acme Dental", 1300.0), ("Bluewater Legal", 2250.0)], 1),
    # ConnectWise invoice list, Subtotal: Acme 1500 + 437.50 - 200 = 1737.50; Bluewater 2250 + 3000 = 5250 (the
    # 5000.00 Down Payment is a deposit the progress invoices deduct later)
    ("f70_cw_invoices_list.csv", [], [("Acme Dental LLC", 1737.5), ("Bluewater Legal", 5250.0)], 1),
    # words, as before: Acme 1500 - 200 = 1300; Bluewater 2250 - 100 (refund receipt) = 2150
    ("f18_invoices_txn_type.csv", [], [("Acme Dental", 1300.0), ("Bluewater Legal", 2150.0)], 1),
])
def test_document_type_codes(tmp_path: Path, name: str, extra: list[str], right: list[tuple], skipped: int) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / name), *extra)
    assert rc == 0, f
    assert f["rows_skipped"] == skipped
    assert revenue(db) == right


def test_unknown_document_type_code_is_refused_naming_it(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(FIX / "f17_invoices_doctype_codes.csv"))[0] == 0
    before = revenue(db)
    rc, f = ingest(db, str(FIX / "f17b_doctype_unknown_code.csv"))
    assert rc == 2 and f["rejected"] is True
    reason = f["errors"][0]["reason"]
    assert "`Doc Type` holds document types" in reason and "'adv'" in reason
    assert revenue(db) == before


def test_unknown_transaction_type_in_a_quickbooks_shaped_file_is_refused(tmp_path: Path) -> None:
    """`Customer, Transaction Type, Num, Date, Amount` reads as QuickBooks' detail layout: its vocabulary decides, and a
    type outside it ('Advance') refuses the file instead of loading 900.00 as revenue."""
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f18b_txn_type_unknown.csv"))
    assert rc == 2 and f["rejected"] is True
    assert "`Transaction Type` holds document types" in f["errors"][0]["reason"]
    assert "'Advance'" in f["errors"][0]["reason"]
    assert revenue(db) == []
