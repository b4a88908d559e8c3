"""D14, D16: lines of one invoice / one client-product-month licence are summed, never dropped as duplicates."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from moat.db import rows
from moat.governance.permissions import local_operator
from moat.ingest import Options, ingest_bytes
from tests.ingest.ingest_fixtures import TODAY

ADMIN = local_operator("test")
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h32"


def load(con, name: str, text: str | None = None) -> dict:
    data = text.encode() if text is not None else (FIX / name).read_bytes()
    return ingest_bytes(con, ADMIN, data, name, Options(today=TODAY))


def test_line_level_invoice_export_sums_lines(empty_con) -> None:
    report = load(empty_con, "gen_lines.csv")
    assert (report["rows_read"], report["rows_loaded"], report["rows_quarantined"], report["rows_skipped"]) == (5, 2, 0, 3)
    assert report["totals"]["amount"] == "2350.00"
    assert "5 lines summed into 2 invoices (lines of one document, not duplicates)" in report["warnings"]
    assert rows(empty_con, "SELECT invoice_number, client_name, amount FROM cur_invoices ORDER BY 1") == [
        ("1001", "Acme Corp", 1600), ("1002", "Beta Dental", 750)]


def test_identical_rows_stay_duplicates(empty_con) -> None:
    text = "Invoice #,Customer,Invoice Date,Amount\n7,Acme Corp,2026-03-02,100.00\n7,Acme Corp,2026-03-02,100.00\n"
    report = load(empty_con, "dup.csv", text)
    assert (report["rows_loaded"], report["rows_quarantined"]) == (1, 1)
    assert "duplicate of row 2" in report["errors"][0]["reason"]


def test_lines_with_one_repeated_amount_wait_naming_both_readings(empty_con) -> None:
    text = ("Invoice #,Customer,Invoice Date,Item,Amount\n7,Acme Corp,2026-03-02,Backup,300.00\n"
            "7,Acme Corp,2026-03-02,Labour,300.00\n8,Beta Dental,2026-03-03,Managed,50.00\n")
    report = load(empty_con, "unclear.csv", text)
    assert (report["rows_loaded"], report["rows_quarantined"]) == (1, 2)
    reason = report["errors"][0]["reason"]
    assert "invoice 7 has 2 lines that differ but all carry amount 300" in reason and "repeated on each line" in reason
    assert rows(empty_con, "SELECT sum(amount) FROM cur_invoices") == [(50,)]


def test_licence_lines_per_seat_are_summed(empty_con) -> None:
    report = load(empty_con, "lic_per_seat.csv")
    assert (report["rows_loaded"], report["rows_quarantined"], report["rows_skipped"]) == (2, 0, 3)
    assert report["totals"]["seats_purchased"] == 6 and report["totals"]["cost"] == "39.60"
    assert rows(empty_con, "SELECT client_name, seats_purchased, seats_purchased * unit_cost FROM cur_licenses ORDER BY 1") == [
        ("Acme Corp", 3, 30), ("Beta Dental", 3, Decimal("9.6"))]


def test_licence_lines_at_two_prices_keep_the_month_cost(empty_con) -> None:
    text = "Customer,Product,Month,Quantity,Unit Cost\nAcme Corp,Teams,2026-03,2,10.00\nAcme Corp,Teams,2026-03,1,4.00\n"
    load(empty_con, "two.csv", text)
    assert rows(empty_con, "SELECT seats_purchased, seats_purchased * unit_cost FROM cur_licenses") == [(3, 24)]
