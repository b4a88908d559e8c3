"""Review h69 D7, D8, D9: what kind of document a sales file lists is read from its headings and status codes:
credit notes count negative, estimates and payments received are refused as not sales, and a status code that may
be a quote or an order (MYOB `Q`, `O`) is refused naming the values, never counted as revenue.

Files under tests/fixtures/h71 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.cli_runs import dump, ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h71"


def test_d9_credit_notes_export_counts_negative(tmp_path: Path) -> None:
    """Zoho Books Credit Notes mapped as the refusal asked (`Credit Note Date: date`): -200.00 and -320.00 (was +520.00)."""
    db = tmp_path / "c.duckdb"
    rc, f = ingest_json(db, str(FIX / "zoho_credit_notes.csv"), "--mapping", str(FIX / "zcn_map.yaml"))
    assert rc == 0 and f["totals"]["amount"] == "-520.00" and f["row_rules"]["credit_notes_negative"] == 2
    assert rows(db, "select client_name, amount::double from cur_invoices order by 1") == [
        ("Acme Dental", -200.0), ("Bright Law LLP", -320.0)]


def test_d9_estimates_and_d8_payments_are_refused(tmp_path: Path) -> None:
    """Estimates (19,300.00 loaded as revenue) and Payments Received (5,317.13; and +5,317.13 again through the
    `Invoice Number: ignore` hint after the invoices) are refused naming what they are; nothing written."""
    db = tmp_path / "e.duckdb"
    rc, f = ingest_json(db, str(FIX / "zoho_invoices.csv"))
    assert rc == 0
    before = dump(db)
    for name, *mapping in (("zoho_estimates.csv", "--mapping", str(FIX / "zest_map.yaml")),
                           ("zoho_customer_payments.csv",),
                           ("zoho_customer_payments.csv", "--mapping", str(FIX / "zpay_hint.yaml"))):
        rc, f = ingest_json(db, str(FIX / name), *mapping)
        assert rc == 2 and f["rows_loaded"] == 0, name
        reason = f["errors"][0]["reason"]
        assert ("estimates" in reason if "estimates" in name else "payments received" in reason), reason
        assert "not invoices" in reason and "none of it is revenue" in reason
        assert dump(db) == before


def test_d7_myob_quote_status_is_refused_and_the_fix_loads(tmp_path: Path) -> None:
    """MYOB Item Sales `Sale Status` I / Q: refused naming 'I' and 'Q' (the quote 00000103, 900.00, loaded as revenue:
    4,650.00). With the quote deleted and the status mapped to ignore: 1,750 + 2,200 - 200 = 3,750.00."""
    db = tmp_path / "m.duckdb"
    rc, f = ingest_json(db, str(FIX / "myob_item_sales.txt"), "--mapping", str(FIX / "myob_map.yaml"))
    assert rc == 2
    reason = f["errors"][0]["reason"]
    assert "`Sale Status`" in reason and "'Q' (1 row)" in reason and "'I' (4 rows)" in reason and "ignore" in reason
    rc, f = ingest_json(db, str(FIX / "myob_item_sales_invoices_only.txt"), "--mapping",
                        str(FIX / "myob_map_status_ignored.yaml"))
    assert rc == 0 and f["totals"]["amount"] == "3750.00"


def test_d10_credit_notes_tab_counts_negative(tmp_path: Path) -> None:
    """`Invoices` (1,000 + 2,000) and `Credit Notes` (CN-1 150.00 written positive) tabs of one header: 2,850.00
    (was 3,150.00); Acme Dental 850.00."""
    db = tmp_path / "t.duckdb"
    rc, f = ingest_json(db, str(FIX / "invoices_and_credit_notes_tabs.xlsx"))
    assert rc == 0 and f["rows_loaded"] == 3 and f["totals"]["amount"] == "2850.00"
    assert rows(db, "select sum(amount)::double from cur_invoices where client_name = 'Acme Dental'") == [(850.0,)]


def test_d10_quotes_tab_beside_invoices_is_refused(tmp_path: Path) -> None:
    """A `Quotes` tab of the invoices' columns: refused naming it (never 5,000.00 of revenue); nothing written."""
    db = tmp_path / "q.duckdb"
    rc, f = ingest_json(db, str(FIX / "invoices_and_quotes_tabs.xlsx"))
    assert rc == 2 and "'Quotes' (estimates or quotes)" in f["errors"][0]["reason"]
    assert not db.exists() or rows(db, "select count(*) from cur_invoices") == [(0,)]


def test_d33_halo_invoice_types_recurring_and_ad_hoc_are_invoices(tmp_path: Path) -> None:
    """HaloPSA invoice lines, `Invoice Type` Recurring / Ad Hoc / Credit Note: was refused with a hint to ignore the
    column (the credit note then +200.00); now 1,500 + 250 + 600 - 200 = 2,150.00 (Bright Law 400.00)."""
    db = tmp_path / "h.duckdb"
    rc, f = ingest_json(db, str(FIX / "halo_invoices.csv"))
    assert rc == 0 and f["totals"]["amount"] == "2150.00"
    assert rows(db, "select sum(amount)::double from cur_invoices where client_name = 'Bright Law LLP'") == [(400.0,)]
