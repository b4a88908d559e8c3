"""Review h69 D12, D20 (variant): a ledger report grouped by accounts is never summed as sales; a refusal's hint
never offers an agreement's deducted hours as the hours worked.

Files under tests/fixtures/h71 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.cli_runs import ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h71"


def test_d12_transaction_detail_by_account_is_refused(tmp_path: Path) -> None:
    """QuickBooks Desktop Transaction Detail by Account without its title rows: was exit 0 with 7,577.50 (each invoice
    summed over its A/R, sales tax and income postings; right 3,500.00); refused naming the account groups."""
    db = tmp_path / "l.duckdb"
    rc, f = ingest_json(db, str(FIX / "qbd_transaction_detail_all_accounts.csv"), "--monthfirst")
    assert rc == 2 and f["rows_loaded"] == 0
    reason = f["errors"][0]["reason"]
    assert "ledger accounts" in reason and "'1200 · Accounts Receivable'" in reason and "Sales by Customer Detail" in reason


def test_d20_hours_deducted_is_never_offered_as_hours(tmp_path: Path) -> None:
    """ConnectWise `/time/entries` without actualHours: the refusal names `actualHours` and no `hoursDeduct` (an
    agreement block's deduction, 0.00 here) as the hours worked."""
    db = tmp_path / "c.duckdb"
    rc, f = ingest_json(db, str(FIX / "cw_time_api_no_actual.csv"))
    assert rc == 2
    reason = f["errors"][0]["reason"]
    assert "`actualHours`" in reason and "hoursDeduct" not in reason and "hoursBilled" not in reason


def test_d15_pdf_with_a_csv_name_says_what_it_is(tmp_path: Path) -> None:
    """A PDF saved as .csv: was "no recognisable columns ... give --dataset NAME and a --mapping" (a fix that cannot
    work); now "this is a PDF document" and to export the data as CSV or .xlsx."""
    rc, f = ingest_json(tmp_path / "p.duckdb", str(FIX / "invoice_really_pdf.csv"))
    assert rc == 2
    reason = f["errors"][0]["reason"]
    assert "this is a PDF document" in reason and "--mapping" not in reason


def test_d22_connectwise_catchall_is_no_client(tmp_path: Path) -> None:
    """CW v_rpt_Time with an entry on `Catchall` (CW's default company for unknown senders): held as no client's
    name (was a new client "Catchall" with 2.00 h); the other 3 entries load."""
    rc, f = ingest_json(tmp_path / "c.duckdb", str(FIX / "cw_v_rpt_time_catchall.csv"))
    assert rc == 0 and f["rows_loaded"] == 3 and "Catchall" not in f["new_clients"]
    assert "client `Catchall` is a placeholder" in f["errors"][0]["reason"]


def test_d13_partner_center_legacy_recon_loads_its_subtotal(tmp_path: Path) -> None:
    """Partner Center legacy licence-based reconciliation (OfferName, UnitPrice list price, TotalOtherDiscount,
    Subtotal; no EffectiveUnitPrice): was refused with a hint mapping UnitPrice as the cost (+36%); now loads as the
    Partner Center source with Subtotal as the cost: Acme 160.00 + 16.52 = 176.52 (10 + 2 seats), Bright Law
    32.00 - 1.55 = 30.45 (10 - 3 seats): 206.97."""
    db = tmp_path / "pc.duckdb"
    rc, f = ingest_json(db, str(FIX / "partner_center_legacy_recon.csv"), "--monthfirst")
    assert rc == 0 and f["source"] == "partner_center_recon" and f["totals"]["cost"] == "206.97"
    got = rows(db, "select client_name, seats_purchased, round(unit_cost * seats_purchased, 2)::double from cur_licenses "
                   "order by 1")
    assert got == [("Acme Dental", 12, 176.52), ("Bright Law LLP", 7, 30.45)]


def test_d28_client_named_total_with_its_own_number_loads(tmp_path: Path) -> None:
    """`T-3, Total Care Dental, 2026-03-04, 300.00` after 100.00 + 200.00 (and `T-5 Sum Technologies` 1,000.00 after
    100 + 200 + 300 + 400): invoices with their own number and date, loaded: 6 invoices, 2,055.00 (was 1,755.00)."""
    db = tmp_path / "t.duckdb"
    rc, f = ingest_json(db, str(FIX / "client_named_total.csv"))
    assert rc == 0 and f["rows_loaded"] == 6 and f["rows_skipped"] == 0 and f["totals"]["amount"] == "2055.00"


def test_d32_sales_by_product_without_customer_column_is_refused(tmp_path: Path) -> None:
    """QBO Sales by Product/Service Detail without its Customer column: was exit 0 with clients "Managed Services" and
    "Cloud Backup"; refused naming the title and the Customer column fix; nothing written."""
    db = tmp_path / "p.duckdb"
    rc, f = ingest_json(db, str(FIX / "qbo_sales_by_product_detail_nocust.csv"), "--monthfirst")
    assert rc == 2 and "'Sales by Product/Service Detail'" in f["errors"][0]["reason"]
    assert "Customer column" in f["errors"][0]["reason"]
    assert not db.exists() or rows(db, "select count(*) from cur_clients") == [(0,)]
