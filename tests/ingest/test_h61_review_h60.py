"""Review h60's file-loading defects F1, F3, F4, F8, F9, F11, F13 (fixed by h61).

Every file is under tests/fixtures/h61/ (README there: the public source of each layout and the hand-computed
totals). Each test loads it with the real CLI into a DuckDB file on disk and asserts the numbers, or the refusal
(exit 2) naming the fix and that the database is exactly as it was.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from moat.cli import main
from tests.ingest.cli_runs import dump, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h61"


def ingest(capsys, db: Path, name: str, *extra: str) -> tuple[int, dict]:
    code = main(["--db", str(db), "ingest", str(FIX / name), "--json", *extra])
    report = json.loads(capsys.readouterr().out)["files"][0]
    return code, report


def revenue(db: Path) -> dict[str, Decimal]:
    return dict(rows(db, "SELECT client_name, sum(amount) FROM cur_invoices WHERE coalesce(lower(status), '') NOT IN ('void', 'draft') "
                         "GROUP BY 1 ORDER BY 1"))


def refused(capsys, db: Path, name: str, *extra: str) -> str:
    """Load a file that must be refused on a database holding one earlier load; returns the message."""
    assert ingest(capsys, db, "tix_mar.csv")[0] == 0
    before = dump(db)
    code, report = ingest(capsys, db, name, *extra)
    assert code == 2 and report["rejected"] and report["rows_loaded"] == 0
    assert dump(db) == before
    return report["errors"][0]["reason"]


# --- F1: Sage 50 audit-trail transactions (SI / SC / SR) are sales, never overhead costs -----------------------------

def test_f1_sage50_audit_trail_is_invoices(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, "sage50_audit.csv")
    assert code == 0 and report["dataset"] == "invoices"
    assert report["source_columns"]["Account Reference"] == "client_name"
    assert (report["rows_loaded"], report["rows_skipped"]) == (4, 1)  # SR (the customer's payment) skipped
    assert revenue(db) == {"ACME001": Decimal("1100.00"), "HARB001": Decimal("1850.00")}
    assert rows(db, "SELECT count(*) FROM cur_costs") == [(0,)]


def test_f1_sales_types_without_a_customer_column_are_refused_not_costs(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    text = refused(capsys, db, "sage50_no_customer.csv")
    assert "`Type` holds sales documents (SC, SI, SR)" in text and "not costs" in text
    assert "--dataset invoices --mapping map.yaml" in text and "client_name" in text


def test_f1_purchase_types_stay_costs(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, "sage50_purchases.csv")
    assert code == 0 and report["dataset"] == "costs"
    assert rows(db, "SELECT sum(amount) FROM cur_costs") == [(Decimal("110.00"),)]


# --- F8: the ledger Account beside the customer column is never the client ------------------------------------------

def test_f8_netsuite_name_is_the_client_not_the_gl_account(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, "netsuite_txn.csv")
    assert code == 0 and report["source_columns"]["Name"] == "client_name" and "Account" not in report["source_columns"]
    assert revenue(db) == {"Acme Dental": Decimal("1100.00"), "Harbor Logistics": Decimal("850.00")}
    assert rows(db, "SELECT count(*) FROM cur_clients WHERE client_name LIKE '40%'") == [(0,)]


def test_f8b_xero_report_contact_is_the_client(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, "xero_receivable_invoice_detail.csv")
    assert code == 0 and report["source_columns"]["Contact"] == "client_name" and report["rows_quarantined"] == 0
    assert revenue(db) == {"Acme Dental Pty Ltd": Decimal("1100.00"), "Harbor Logistics": Decimal("1425.00")}


@pytest.mark.parametrize(("name", "party"), [("X_Name-Account.csv", "Name"), ("X_Contact-Account.csv", "Contact"),
                                              ("Bill_To-Account.csv", "Bill To"), ("X_Entity-Account.csv", "Entity")])
def test_f8c_party_headings_beside_account(tmp_path: Path, app_env, capsys, name: str, party: str) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, name)
    assert code == 0 and report["source_columns"][party] == "client_name"
    assert revenue(db) == {"Acme Dental": Decimal("1200.00"), "Harbor Logistics": Decimal("850.00")}


# --- F13: a tax-inclusive amount alone is refused naming it ---------------------------------------------------------

@pytest.mark.parametrize(("name", "heading"), [("tax_Amount_Inc_Tax.csv", "Amount Inc Tax"), ("tax_Gross_Amount.csv", "Gross Amount"),
                                               ("tax2_Total_Incl__BTW.csv", "Total Incl. BTW"),
                                               ("tax_Amount__inc_GST_.csv", "Amount (inc GST)")])
def test_f13_tax_inclusive_amount_is_refused(tmp_path: Path, app_env, capsys, name: str, heading: str) -> None:
    db = app_env(tmp_path / "m.duckdb")
    text = refused(capsys, db, name)
    assert f"`{heading}` includes the tax" in text and "revenue is net of tax" in text
    assert "Net / Subtotal" in text and f'columns: {{"{heading}": amount}}' in text


def test_f13_a_mapping_says_the_amount_carries_no_tax(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    (tmp_path / "map.yaml").write_text('dataset: invoices\ncolumns: {"Amount Inc Tax": amount}\n', encoding="utf-8")
    code, _ = ingest(capsys, db, "tax_Amount_Inc_Tax.csv", "--mapping", str(tmp_path / "map.yaml"))
    assert code == 0 and sum(revenue(db).values()) == Decimal("2255.00")


# --- F3 / F4: a currency in a Currency column of a declared source, or in a money heading ---------------------------

@pytest.mark.parametrize("name", ["harvest_gbp.csv", "harvest_gbp_code.csv"])
def test_f3_harvest_gbp_rates_wait_naming_gbp(tmp_path: Path, app_env, capsys, name: str) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, name)
    assert code == 0 and report["source"] == "harvest_detailed_time"
    assert (report["rows_loaded"], report["rows_quarantined"]) == (0, 3)
    assert all("amount in GBP" in e["reason"] for e in report["errors"])
    assert rows(db, "SELECT count(*) FROM cur_time_entries") == [(0,)]


def test_f4_amount_eur_heading_waits_for_a_rate_then_converts(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, "inv_amount_eur_header.csv", "--mapping", str(FIX / "eurmap.yaml"))
    assert code == 0 and (report["rows_loaded"], report["rows_quarantined"]) == (0, 2)
    assert all("amount in EUR" in e["reason"] and "no EUR rate for 2026-03" in e["reason"] for e in report["errors"])
    assert rows(db, "SELECT count(*) FROM cur_invoices") == [(0,)]
    assert main(["--db", str(db), "rates", "load", str(FIX / "eur_rates.csv")]) == 0
    assert main(["--db", str(db), "quarantine", "retry"]) == 0
    capsys.readouterr()
    # 1,200.00 EUR x 1.10 = 1,320.00 USD; 850.00 EUR x 1.10 = 935.00 USD
    assert revenue(db) == {"Acme Dental": Decimal("1320.00"), "Harbor Logistics": Decimal("935.00")}


def test_f4_amount_eur_heading_without_a_mapping(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, "inv_amount_eur_header.csv")
    assert code == 0 and report["source_columns"]["Amount (EUR)"] == "amount"
    assert (report["rows_loaded"], report["rows_quarantined"]) == (0, 2)
    assert rows(db, "SELECT count(*) FROM cur_invoices") == [(0,)]


def test_f4_cost_rate_gbp_heading_is_read_and_waits(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, "time_costrate_gbp_header.csv")
    assert code == 0 and report["source_columns"]["Cost Rate (GBP)"] == "cost_rate"
    assert (report["rows_loaded"], report["rows_quarantined"]) == (0, 2)
    assert all("amount in GBP" in e["reason"] for e in report["errors"])


# --- F9: a later file never removes an earlier period's rows --------------------------------------------------------

def test_f9_ticket_id_of_a_later_month_keeps_the_earlier_month(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    assert ingest(capsys, db, "tix_mar.csv")[0] == 0
    code, report = ingest(capsys, db, "tix_apr.csv")
    assert code == 0 and "ID" not in report["source_columns"]
    assert rows(db, "SELECT month(date), sum(hours), count(*) FROM cur_time_entries GROUP BY 1 ORDER BY 1") == [
        (3, Decimal("4.50"), 3), (4, Decimal("6.00"), 3)]


def test_f9b_recurring_reference_keeps_january_revenue(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    assert ingest(capsys, db, "inv_ref_jan.csv")[0] == 0
    assert ingest(capsys, db, "inv_ref_feb.csv")[0] == 0
    assert rows(db, "SELECT month(date), sum(amount) FROM cur_invoices GROUP BY 1 ORDER BY 1") == [
        (1, Decimal("2100.00")), (2, Decimal("2100.00"))]


def test_f9c_restarted_invoice_numbers_are_refused_naming_the_clash(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    assert ingest(capsys, db, "oldsys_2025.csv")[0] == 0
    before = dump(db)
    code, report = ingest(capsys, db, "newsys_2026.csv")
    assert code == 2 and report["rejected"]
    text = report["errors"][0]["reason"]
    assert "`INV-1001` 2025-06-15 -> 2026-03-05" in text and "oldsys_2025.csv" in text
    assert '{"Invoice Number": ignore}' in text and "moat snapshots rollback" in text
    assert dump(db) == before
    assert revenue(db) == {"Acme Dental": Decimal("500.00"), "Harbor Logistics": Decimal("700.00")}


# --- F11: every sheet of a workbook is loaded or named -------------------------------------------------------------

def test_f11_reordered_month_tab_loads_by_heading(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, "time_two_tabs_reordered.xlsx")
    assert code == 0 and report["rows_loaded"] == 4 and "Feb 2026" in report["sheet"]
    assert rows(db, "SELECT month(date), client_name, sum(hours) FROM cur_time_entries GROUP BY 1, 2 ORDER BY 1, 2") == [
        (1, "Acme Dental", Decimal("1.50")), (1, "Harbor Logistics", Decimal("2.00")),
        (2, "Acme Dental", Decimal("3.00")), (2, "Harbor Logistics", Decimal("4.00"))]


def test_f11_three_tabs_one_with_an_extra_column(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, "time_month_tabs_reordered.xlsx")
    assert code == 0 and report["rows_loaded"] == 6
    assert rows(db, "SELECT month(date), sum(hours) FROM cur_time_entries GROUP BY 1 ORDER BY 1") == [
        (1, Decimal("3.50")), (2, Decimal("7.00")), (3, Decimal("11.00"))]


@pytest.mark.parametrize(("name", "left"), [("two_datasets.xlsx", "'Invoices'"), ("tabs_hours_hrs.xlsx", "'Feb'")])
def test_f11_a_sheet_of_other_headings_is_refused_naming_it(tmp_path: Path, app_env, capsys, name: str, left: str) -> None:
    db = app_env(tmp_path / "m.duckdb")
    text = refused(capsys, db, name)
    assert f"sheet {left} holds rows under other headings" in text and f"--sheet {left}" in text


def test_f11_sheet_named_loads_alone(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, "two_datasets.xlsx", "--sheet", "Invoices")
    assert code == 0 and report["dataset"] == "invoices"
    assert sum(revenue(db).values()) == Decimal("2100.00")


def test_f8_ledger_accounts_alone_are_refused_not_clients(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    text = refused(capsys, db, "netsuite_gl_only.csv")
    assert "`Account` holds ledger (income) accounts such as `4000 Sales : Managed Services`" in text
    assert '"Account": ignore' in text


def test_f11_a_summary_tab_is_left_out_with_a_warning(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, "time_with_summary_tab.xlsx")
    assert code == 0 and report["rows_loaded"] == 2 and Decimal(report["totals"]["hours"]) == Decimal("3.50")
    assert any(w.startswith("sheet 'Summary' was not loaded") and "--sheet 'Summary'" in w for w in report["warnings"])


def test_f9c_replace_range_covering_the_old_date_replaces(tmp_path: Path, app_env, capsys) -> None:
    """With --replace-range over both dates the file is the truth for the whole range: the old row goes."""
    db = app_env(tmp_path / "m.duckdb")
    assert ingest(capsys, db, "oldsys_2025.csv")[0] == 0
    code, report = ingest(capsys, db, "newsys_2026.csv", "--replace-range", "2025-06-01", "2026-03-31")
    assert code == 0 and report["rows_loaded"] == 1
    assert revenue(db) == {"Zenith Labs": Decimal("300.00")}
