"""Declared sources: recognised, refused with a precise question, never loaded as another dataset (issue 14).

The per-source fixtures with hand-computed totals are in ``test_sources_fixtures.py``; these tests pin the rules
that decide between loading and refusing, on small files written here, through the real pipeline and DuckDB.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from moat.datasets import DATASETS
from moat.db import rows, scalar
from moat.errors import FileRejected
from moat.governance.permissions import local_operator
from moat.ingest import Options, ingest_bytes, quarantine, recognise, resolve
from moat.ingest.recognise import AmbiguousSource
from moat.ingest.shaping import DERIVED
from moat.ingest.sources import SOURCES, Source
from tests.ingest.ingest_fixtures import TODAY

ADMIN = local_operator("test")
HELPERS = {"group_label", "doc_type", "total", "tax_total", "line_amount", "line_tax", "quantity", "unit_amount", "discount_pct",
           "posting", "due_date", "open_balance", "charge_to_type", "member_identifier", "first_name", "last_name", "member_id",
           "billable_hours", "resource_id", "ticket_id", "company_id", "task_id", "charge_type", "minutes", "ticket_number",
           "ticket_subject", "agreement", "billing_cycle", "sku", "refresh", "user", "display", "deleted", "products", "blocked",
           "seats_total", "contact_email", "lines_json", "vendor_name", "amount_total", "cancelled",
           "voided", "remaining_credit",  # h101: a CreditMemo pull's signature (qbo_credit_memos_api)
           "tax_total2",  # h111: Harvest's second tax (`tax2_amount`), also in the document total
           "invoice_ref"}  # h124: the CreditMemo entity's `InvoiceRef` (qbo_credit_memos_api's other signature)

CW_API = ("id,company.name,chargeToType,member.name,workType.name,timeStart,actualHours,billableOption,notes\n"
          "1,Acme Corporation,ServiceTicket,Priya Shah,Remote,2026-10-05T14:00:00Z,1.50,Billable,MFA\n"
          "2,Acme Corporation,ServiceTicket,Tom Becker,Onsite,2026-10-06T09:00:00Z,2.00,DoNotBill,Printer\n"
          "3,Bluewater Inc,ProjectTicket,Tom Becker,Project,2026-10-08T13:00:00Z,4.00,NoDefault,Migration\n"
          "4,Our MSP LLC,ChargeCode,Priya Shah,Admin,2026-10-09T08:00:00Z,1.00,NoCharge,Team meeting\n")


def ingest(con, text: str | bytes, name: str = "file.csv", **kw):
    data = text.encode() if isinstance(text, str) else text
    return ingest_bytes(con, ADMIN, data, name, Options(today=TODAY, **kw))


def counts_add_up(r: dict) -> bool:
    return r["rows_read"] == r["rows_loaded"] + r["rows_quarantined"] + r["rows_skipped"]


def test_every_declaration_is_complete_and_names_known_fields() -> None:
    assert len({s.id for s in SOURCES}) == len(SOURCES)
    for s in SOURCES:
        assert s.dataset in DATASETS, s.id
        known = set(DATASETS[s.dataset].field_names) | DERIVED | HELPERS | {f"activity_{i}" for i in range(6)}
        assert set(s.columns) <= known, (s.id, set(s.columns) - known)
        for group in s.required:
            assert all(f in s.columns for f in group.split("|")), (s.id, group)
        assert s.vendor and s.report


def test_canonical_costs_file_is_costs_never_invoices(empty_con) -> None:
    """Issue 14: `client_name,date,amount,category` was loaded as invoices (its costs became revenue)."""
    r = ingest(empty_con, "client_name,date,amount,category\nAcme,2026-10-03,420.00,hardware\n,2026-10-05,99.00,rent\n",
               "invoices.csv")
    assert (r["dataset"], r["source"], r["rows_loaded"]) == ("costs", "canonical_costs", 2)
    assert scalar(empty_con, "SELECT count(*) FROM invoices") == 0
    assert scalar(empty_con, "SELECT sum(amount) FROM cur_costs") == Decimal("519.0000")


def test_connectwise_api_time_is_recognised_with_vocabulary_and_internal_time(empty_con) -> None:
    r = ingest(empty_con, CW_API, "time.csv")
    assert (r["dataset"], r["source"]) == ("time_entries", "cw_time_api")
    assert r["source_confidence"].startswith("ConnectWise Manage time entries (API): ")
    assert (r["rows_loaded"], r["rows_quarantined"], r["rows_skipped"]) == (4, 0, 0)
    assert r["row_rules"]["internal_time"] == 1 and r["row_rules"]["billable_nodefault_not_billable"] == 1
    assert r["totals"] == {"hours": "8.50", "billable_hours": "1.50", "entries": 4}
    got = rows(empty_con, "SELECT entry_id, client_name, billable FROM cur_time_entries ORDER BY entry_id")
    assert got == [("1", "Acme Corporation", True), ("2", "Acme Corporation", False), ("3", "Bluewater Inc", False),
                   ("4", None, False)]
    assert sorted(r["new_clients"]) == ["Acme Corporation", "Bluewater Inc"]


def test_own_company_setting_makes_its_time_internal(empty_con) -> None:
    text = CW_API.replace("ChargeCode", "ServiceTicket")
    r = ingest(empty_con, text, "time.csv", own_company="Our MSP, LLC")
    assert r["row_rules"]["internal_time"] == 1
    assert scalar(empty_con, "SELECT count(*) FROM cur_time_entries WHERE client_name = 'Our MSP LLC'") == 0


def test_missing_required_field_is_refused_naming_the_nearest_header(empty_con) -> None:
    text = CW_API.replace("timeStart", "whenStarted")
    with pytest.raises(FileRejected) as info:
        ingest(empty_con, text, "time.csv")
    message = str(info.value)
    assert "looks like ConnectWise Manage time entries (API)" in message
    assert "no column for date (`timeStart`); `whenStarted` looks like one" in message
    assert '"whenStarted": date' in message
    assert scalar(empty_con, "SELECT count(*) FROM snapshots") == 0


def test_two_plausible_readings_are_refused_listing_both() -> None:
    a = Source("a_time", "V", "time", "time_entries", {"client_name": ("Client",), "hours": ("Qty",)}, ("client_name", "hours"))
    b = Source("b_licences", "W", "seats", "licenses", {"client_name": ("Client",), "seats_purchased": ("Qty",)},
               ("client_name", "seats_purchased"))
    with pytest.raises(AmbiguousSource) as info:
        recognise.recognise(["Client", "Qty"], "x.csv", sources=[a, b])
    assert info.value.candidates == ["a_time", "b_licences"]
    assert "--source a_time" in str(info.value)
    assert recognise.recognise(["Client", "Qty"], "x.csv", sources=[a, b], source_id="b_licences").source.id == "b_licences"


AT_TIME = ("id,ticketID,taskID,resourceID,dateWorked,hoursWorked,hoursToBill,isNonBillable,summaryNotes\n"
           "11,7001,,29682885,2026-10-01T00:00:00Z,1.5,1.5,False,a\n"
           "12,7002,,29682886,2026-10-02T00:00:00Z,2.0,0.0,True,b\n"
           "13,7003,,29682885,2026-10-03T00:00:00Z,1.0,0.0,True,internal\n"
           "14,7009,,29682999,2026-10-04T00:00:00Z,0.5,0.5,False,unknown people\n")
LOOKUPS = [("Resources.csv", b"id,firstName,lastName\n29682885,Priya,Shah\n29682886,Tom,Becker\n"),
           ("Tickets.csv", b"id,ticketNumber,companyID\n7001,T1,174\n7002,T2,175\n7003,T3,0\n7009,T9,174\n"),
           ("Companies.csv", b"id,companyName\n0,Moat IT Services\n174,Acme Dental LLC\n175,Bluewater Logistics Inc\n")]


def test_autotask_ids_need_lookups_and_never_become_names(empty_con) -> None:
    with pytest.raises(FileRejected) as info:
        ingest(empty_con, AT_TIME, "TimeEntries.csv")
    assert "needs the lookups Resources (id, firstName, lastName) for resource_id" in str(info.value)
    assert "Tickets (id, companyID) and Companies (id, companyName) for ticket_id" in str(info.value)
    assert "--lookup" in info.value.hint

    r = ingest(empty_con, AT_TIME, "TimeEntries.csv", lookups=LOOKUPS)
    assert (r["source"], r["rows_loaded"], r["rows_quarantined"]) == ("autotask_time_api", 3, 1)
    assert "resourceID 29682999 is not in the Resources lookup".replace("resourceID", "resource_id") in r["errors"][0]["reason"]
    got = rows(empty_con, "SELECT entry_id, technician_name, client_name, billable FROM cur_time_entries ORDER BY 1")
    assert got == [("11", "Priya Shah", "Acme Dental LLC", True), ("12", "Tom Becker", "Bluewater Logistics Inc", False),
                   ("13", "Priya Shah", None, False)]
    names = {n for (n,) in rows(empty_con, "SELECT technician_name FROM cur_time_entries")}
    assert not any(n.isdigit() for n in names)


USAGE = ("Report Refresh Date,User Principal Name,Display Name,Is Deleted,Exchange Last Activity Date,Teams Last Activity Date,"
         "Assigned Products\n"
         "2026-10-31,a@x.io,A,False,2026-10-30,,MICROSOFT 365 BUSINESS PREMIUM\n"
         "2026-10-31,b@x.io,B,False,,2026-08-01,MICROSOFT 365 BUSINESS PREMIUM+MICROSOFT DEFENDER FOR BUSINESS\n"
         "2026-10-31,c@x.io,C,False,,,\n"
         "2026-10-31,d@x.io,D,False,2026-10-02,,VISIO PLAN 2\n")
BILLING = ("invoice_date,company_name,description,quantity,cost,price,cost_total,subtotal\n"
           "2026-10-31,Acme Dental LLC,Microsoft 365 Business Premium - NCE - Monthly [options: x],5,22.00,26.00,110.00,130.00\n"
           "2026-10-31,Acme Dental LLC,Microsoft Defender for Business - NCE - Monthly,5,3.00,3.50,15.00,17.50\n")


def test_m365_usage_needs_client_and_only_updates_billed_lines(empty_con) -> None:
    with pytest.raises(FileRejected) as info:
        ingest(empty_con, USAGE, "ActiveUsers.csv")
    assert info.value.hint == "moat ingest ActiveUsers.csv --client NAME"
    assert ingest(empty_con, BILLING, "pax8.csv")["source"] == "pax8_billing"
    r = ingest(empty_con, USAGE, "ActiveUsers.csv", client="Acme Dental LLC")
    assert r["source"] == "m365_usage_active_users_detail" and counts_add_up(r)
    assert (r["rows_read"], r["rows_loaded"], r["rows_skipped"]) == (4, 2, 2)  # c: no licence; d: Visio is not billed
    assert r["row_rules"]["products_without_billing_line"] == 1
    got = rows(empty_con, "SELECT product, seats_purchased, seats_assigned, seats_active, unit_cost FROM cur_licenses ORDER BY 1")
    assert got == [("Microsoft 365 Business Premium", 5, 2, 1, Decimal("22.0000")),
                   ("Microsoft Defender for Business", 5, 1, 0, Decimal("3.0000"))]
    assert scalar(empty_con, "SELECT count(*) FROM cur_licenses WHERE product ILIKE '%visio%'") == 0


def test_new_names_wait_for_confirmation_when_asked(empty_con) -> None:
    ingest(empty_con, "client_name\nAcme Corporation\n", "clients.csv")
    text = "invoice_number,client_name,date,amount\nI-1,Acme Corporation,2026-10-01,100\nI-2,Zenith Labs,2026-10-02,50\n"
    r = ingest(empty_con, text, "invoices.csv", confirm_new_names=True)
    assert r["new_clients"] == ["Zenith Labs"] and (r["rows_loaded"], r["rows_quarantined"]) == (1, 1)
    assert "new client name Zenith Labs: confirm it with `moat aliases confirm" in r["errors"][0]["reason"]
    resolve.confirm_names(empty_con, ADMIN, ["Zenith Labs"], "client")
    again = quarantine.retry(empty_con, ADMIN, r["snapshot_id"])
    assert again["rows_loaded"] == 1
    assert scalar(empty_con, "SELECT sum(amount) FROM cur_invoices") == Decimal("150.0000")


QBO = (
    "Moat IT Services\nSales by Customer Detail\n\"October 1-31, 2026\"\n\n"
    ",Date,Transaction Type,Num,Product/Service,Account,Amount,Balance\n"
    "Acme Dental LLC,,,,,,,\n"
    ",10/01/2026,Invoice,1001,Managed Services,Income:Managed Services,\"1,850.00  \",\"1,850.00  \"\n"
    ",10/22/2026,Invoice,1007,Onsite,Income:Professional Services,450.00  ,\"2,300.00  \"\n"
    ",10/22/2026,Invoice,1007,Travel,Income:Professional Services,50.00  ,\"2,350.00  \"\n"
    ",10/25/2026,Credit Memo,CM-1,Managed Services,Income:Managed Services,-100.00  ,\"2,250.00  \"\n"
    "Total for Acme Dental LLC,,,,,,\"$2,250.00  \",\n"
    "TOTAL,,,,,,\"$2,250.00  \",\n"
)


def test_quickbooks_group_rows_carry_the_customer_and_accounts_never_become_clients(empty_con) -> None:
    r = ingest(empty_con, QBO, "Sales by Customer Detail.csv")
    assert (r["source"], r["rows_loaded"], r["rows_skipped"]) == ("qbo_sales_customer_detail", 3, 4)
    assert r["row_rules"]["lines_rolled_up"] == 1
    assert r["row_rules"]["group_rows_carried"] == 1 and r["row_rules"]["credit_notes_negative"] == 1
    assert {n for (n,) in rows(empty_con, "SELECT DISTINCT client_name FROM cur_invoices")} == {"Acme Dental LLC"}
    assert scalar(empty_con, "SELECT sum(amount) FROM cur_invoices") == Decimal("2250.0000")
    assert r["quality"]["uniqueness"] == 1.0  # the two lines of 1007 are one document of 500, not duplicates
    assert rows(empty_con, "SELECT amount FROM cur_invoices WHERE invoice_number = '1007'") == [(Decimal("500.0000"),)]


def test_readme_lists_every_source_with_what_it_needs() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for s in SOURCES:
        assert f"| `{s.id}` | {s.vendor} — {s.report} | {s.dataset} |" in readme, s.id
    assert "`--client NAME`" in readme and "`--lookup` Resources, Companies, Tickets" in readme


def test_upload_page_analysis_shows_source_mapping_rules_and_new_names(empty_con) -> None:
    from moat.ingest import upload

    seen = upload.analyze(empty_con, ADMIN, CW_API.encode(), "time.csv", confirm_new_names=True)
    shown = upload.recognition(seen.prepared)
    assert shown["source"] == "cw_time_api" and shown["confidence"].startswith("ConnectWise Manage time entries (API)")
    assert {"column": "timeStart", "field": "date"} in shown["mapping"]
    assert "internal time: 1" in shown["rules"]
    assert sorted(shown["new_clients"]) == ["Acme Corporation", "Bluewater Inc"]
    assert sorted(shown["new_technicians"]) == ["Priya Shah", "Tom Becker"]
    p = seen.prepared
    assert (p.quarantine.height, p.rows.height) == (4, 0)  # all held until confirmed (the internal row for its technician)
    assert p.rows_read == p.rows.height + p.quarantine.height + p.rows_skipped
    upload.confirm(empty_con, ADMIN, ["Acme Corporation", "Bluewater Inc"], "client")
    upload.confirm(empty_con, ADMIN, ["Priya Shah", "Tom Becker"], "technician")
    again = upload.analyze(empty_con, ADMIN, CW_API.encode(), "time.csv", confirm_new_names=True)
    assert again.prepared.quarantine.height == 0 and upload.recognition(again.prepared)["new_clients"] == []
    # the held rows of a committed file load on retry once confirmed, the internal one still without a client
    con2 = empty_con
    report = upload.commit(con2, ADMIN, p)
    assert report["rows_quarantined"] == 4
    retried = quarantine.retry(con2, ADMIN, report["snapshot_id"])
    assert (retried["rows_loaded"], retried["rows_quarantined"]) == (4, 0)
    assert rows(con2, "SELECT entry_id, client_name FROM cur_time_entries WHERE client_name IS NULL") == [("4", None)]
    tenant = upload.analyze(empty_con, ADMIN, USAGE.encode(), "ActiveUsers.csv")
    assert tenant.needs_client and tenant.prepared is None


def test_saved_mapping_profile_is_a_user_defined_source(empty_con) -> None:
    from moat.ingest import load_profile, profiles

    prof = load_profile({"dataset": "costs", "columns": {"Spent on": "date", "Sum": "amount", "Kind": "category", "Whom": "client_name"}})
    profiles.save(empty_con, ADMIN, "our expenses", prof)
    r = ingest(empty_con, "Spent on,Sum,Kind,Whom\n2026-10-03,420.00,hardware,Acme\n", "x.csv")
    assert (r["source"], r["dataset"], r["rows_loaded"]) == ("mapping:our expenses", "costs", 1)
    assert r["source_confidence"] == "user-defined (our expenses): 4 of 4 headers mapped"
