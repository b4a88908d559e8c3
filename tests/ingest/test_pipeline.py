"""The pipeline end to end on a real DuckDB: dialects, counts, quarantine reasons, names, snapshots."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from moat import snapshots
from moat.db import frame, rows, scalar
from moat.errors import FileRejected, MoatError
from moat.governance.permissions import User, local_operator
from moat.ingest import Options, ingest_bytes, load_profile, prepare, quarantine, resolve
from moat.ingest.pipeline import DateOrderAmbiguous
from tests.ingest.ingest_fixtures import CW_HEADER, CW_ROWS, EXCEL_DATE, TODAY, csv_text, xlsx_bytes

ADMIN = local_operator("test")


def ingest(con, text: str | bytes, name: str = "file.csv", **kw):
    data = text.encode() if isinstance(text, str) else text
    return ingest_bytes(con, ADMIN, data, name, Options(today=TODAY, **kw))


def assert_counts(report: dict) -> None:
    assert report["rows_read"] == report["rows_loaded"] + report["rows_quarantined"] + report["rows_skipped"]


def test_connectwise_export_with_title_blank_and_total_rows(empty_con) -> None:
    text = ("Time Entry Report\n\n" + csv_text(CW_HEADER, CW_ROWS + [
        ["4", "Tom Becker", "Bluewater Inc", "10/29/2026", "25", "Billable", "x", ""],
        ["5", "Tom Becker", "Bluewater Inc", "10/29/2026", "abc", "Billable", "x", ""],
        ["6", "Tom Becker", "Bluewater Inc", "10/29/2026", "1", "maybe", "x", ""],
        ["1", "Tom Becker", "Bluewater Inc", "10/28/2026", "1", "B", "x", ""],
        ["", "", "", "", "", "", "", ""],
        ["Total", "", "", "", "34.5", "", "", ""],
    ]))
    r = ingest(empty_con, text, "cw_time.csv")
    assert (r["dataset"], r["delimiter"], r["date_order"]) == ("time_entries", ",", "mdy")
    assert (r["rows_read"], r["rows_loaded"], r["rows_quarantined"], r["rows_skipped"]) == (9, 3, 4, 2)
    assert_counts(r)
    errors = {e["row"]: e for e in r["errors"]}
    assert errors[7] == {"row": 7, "column": "Hours Actual", "value": "25", "reason": "hours: hours must be at most 24 per entry"}
    assert errors[8]["value"] == "abc" and "not a number of hours" in errors[8]["reason"]
    assert errors[9]["column"] == "Billable Option" and "yes/no" in errors[9]["reason"]
    assert errors[10]["reason"] == "entry_id: duplicate of row 4 (same entry_id)"
    stored = frame(empty_con, "SELECT entry_id, technician_key, client_key, date, hours, billable, source_row FROM cur_time_entries ORDER BY entry_id")
    assert stored.rows() == [
        ("1", "priya shah", "acme", date(2026, 10, 31), Decimal("1.5000"), True, 4),
        ("2", "tom becker", "bluewater", date(2026, 10, 30), Decimal("2.0000"), False, 5),
        ("3", "tom becker", "bluewater", date(2026, 10, 13), Decimal("0.5000"), False, 6),
    ]
    q = rows(empty_con, "SELECT row_number, file_name, status FROM quarantine ORDER BY row_number")
    assert q == [(7, "cw_time.csv", "open"), (8, "cw_time.csv", "open"), (9, "cw_time.csv", "open"), (10, "cw_time.csv", "open")]
    snap = rows(empty_con, "SELECT rows_read, rows_loaded, rows_quarantined, quality_score FROM snapshots")
    assert snap == [(9, 3, 4, r["quality_score"])]


def test_same_bytes_twice_not_loaded_twice(empty_con) -> None:
    text = csv_text(CW_HEADER, CW_ROWS)
    first = ingest(empty_con, text)
    again = ingest(empty_con, text, "renamed.csv")
    assert again["already_loaded"] and again["snapshot_id"] == first["snapshot_id"] and again["rows_loaded"] == 0
    assert scalar(empty_con, "SELECT count(*) FROM time_entries") == 3


def test_original_moatmetrics_layout_loads_without_mapping(empty_con) -> None:
    clients = "name,industry,contact_email,contact_phone,is_active\nAcme Corp,legal,a@x.io,1,true\nBluewater,retail,b@x.io,2,false\n"
    invoices = ("client_name,invoice_number,date,due_date,currency,total_amount,status,lines_json\n"
                "Acme Corp,INV-1,2026-10-01,2026-10-31,USD,1500.00,paid,[]\nBluewater,INV-2,2026-10-02,2026-11-01,USD,-200,void,[]\n")
    time_logs = ("client_name,staff_name,staff_email,date,hours,rate,project_name,task_description,billable\n"
                 "Acme Corp,Priya Shah,p@x.io,2026-10-01,2.5,150,P1,setup,true\n")
    licenses = ("client_name,product,vendor,license_type,seats_purchased,seats_used,cost_per_seat,total_cost,start_date,end_date,is_active,auto_renew\n"
                "Acme Corp,M365 Business Premium,Microsoft,subscription,10,12,22.00,220.00,2026-01-01,2026-12-31,true,true\n"
                "Bluewater,Defender,Microsoft,subscription,4,4,3.00,13.00,2026-01-01,,true,false\n")
    reports = {name: ingest(empty_con, text, name) for name, text in
               [("clients.csv", clients), ("invoices.csv", invoices), ("time_logs.csv", time_logs), ("licenses.csv", licenses)]}
    assert {k: r["dataset"] for k, r in reports.items()} == {
        "clients.csv": "clients", "invoices.csv": "invoices", "time_logs.csv": "time_entries", "licenses.csv": "licenses"}
    assert all(r["rows_quarantined"] == 0 for r in reports.values())
    assert rows(empty_con, "SELECT client_name, segment, status FROM cur_clients ORDER BY 1") == [
        ("Acme Corp", "legal", "active"), ("Bluewater", "retail", "churned")]
    assert rows(empty_con, "SELECT bill_rate, cost_rate, technician_key FROM cur_time_entries") == [(Decimal("150.0000"), None, "priya shah")]
    assert rows(empty_con, "SELECT amount, status FROM cur_invoices ORDER BY invoice_number") == [
        (Decimal("1500.0000"), "paid"), (Decimal("-200.0000"), "void")]
    assert rows(empty_con, "SELECT product, seats_purchased, seats_assigned, unit_cost, start_date, end_date FROM cur_licenses ORDER BY 1") == [
        ("Defender", 4, 4, Decimal("3.0000"), date(2026, 1, 1), None),
        ("M365 Business Premium", 10, 12, Decimal("22.0000"), date(2026, 1, 1), date(2026, 12, 31))]
    notes = " ".join(reports["licenses.csv"]["warnings"])
    assert "1 rows: cost per seat x seats differs from the total cost; the cost per seat was used" in notes
    assert "more seats assigned than purchased" in notes


def test_ambiguous_dates_need_an_answer(empty_con) -> None:
    rows_ = [["1", "Priya Shah", "Acme", "03/04/2026", "1", "B", "x", ""], ["2", "Priya Shah", "Acme", "05/06/2026", "1", "B", "x", ""]]
    text = csv_text(CW_HEADER, rows_)
    with pytest.raises(DateOrderAmbiguous) as info:
        ingest(empty_con, text)
    assert info.value.exit_code == 2 and "--dayfirst" in str(info.value) and info.value.example == "03/04/2026"
    assert scalar(empty_con, "SELECT count(*) FROM snapshots") == 0
    ingest(empty_con, text, dayfirst=True)
    assert [r[0] for r in rows(empty_con, "SELECT date FROM time_entries ORDER BY entry_id")] == [date(2026, 4, 3), date(2026, 6, 5)]


def test_day_first_decided_from_data_and_decimal_commas(empty_con) -> None:
    text = ("Rechnungsnummer;Kunde;Datum;Betrag;Status\n"
            "R-1;Acme GmbH;31.10.2026;1.234,50;paid\nR-2;Acme GmbH;02.10.2026;99,90;paid\n")
    r = ingest(empty_con, text, "invoices.csv", profile=load_profile(
        {"dataset": "invoices", "columns": {"Rechnungsnummer": "invoice_number", "Kunde": "client_name", "Datum": "date", "Betrag": "amount"},
         "currency": "USD"}))
    assert (r["delimiter"], r["date_order"], r["rows_loaded"]) == (";", "dmy", 2)
    assert rows(empty_con, "SELECT invoice_number, date, amount FROM invoices ORDER BY 1") == [
        ("R-1", date(2026, 10, 31), Decimal("1234.5000")), ("R-2", date(2026, 10, 2), Decimal("99.9000"))]


def test_other_currency_without_rates_is_quarantined(empty_con) -> None:
    text = "InvoiceNumber,ContactName,InvoiceDate,Total,Currency\nI1,Acme,2026-10-01,100,USD\nI2,Acme,2026-10-02,80,EUR\nI3,Acme,2026-10-03,€50,\n"
    r = ingest(empty_con, text, "xero.csv")
    assert (r["rows_loaded"], r["rows_quarantined"]) == (1, 2)
    assert all("base currency is USD and there is no EUR rate for 2026-10" in e["reason"] for e in r["errors"])
    assert scalar(empty_con, "SELECT sum(amount) FROM cur_invoices") == Decimal("100")


def test_unrecognisable_file_rejected_and_nothing_written(empty_con) -> None:
    with pytest.raises(FileRejected, match="no recognisable columns"):
        ingest(empty_con, "foo,bar\n1,2\n")
    with pytest.raises(FileRejected, match="no column for hours"):
        ingest(empty_con, "Member,Company,Date\nA,B,2026-01-01\n", dataset="time_entries")
    assert scalar(empty_con, "SELECT count(*) FROM snapshots") == 0 and scalar(empty_con, "SELECT count(*) FROM quarantine") == 0


def test_fuzzy_name_quarantined_then_alias_and_retry(demo_con) -> None:
    text = ("Member,Company,Date,Hours,Billable\n"
            "Priya Shah,Meridian Dental Grop,2026-10-01,2,Yes\n"
            "Priya Shah,Meridian Dental Group,2026-10-02,1,Yes\n"
            "Brand New Person,Zzyzx Quantum Labs,2026-10-03,1,No\n")
    r = ingest(demo_con, text, "halo.csv")
    assert (r["rows_loaded"], r["rows_quarantined"]) == (2, 1)
    assert r["errors"][0]["row"] == 2 and "did you mean 'Meridian Dental Group'?" in r["errors"][0]["reason"]
    assert 'moat aliases add "Meridian Dental Grop" "Meridian Dental Group"' in r["errors"][0]["reason"]
    assert any("new client" in w and "Zzyzx Quantum Labs" in w for w in r["warnings"])
    resolve.add_alias(demo_con, ADMIN, "Meridian Dental Grop", "Meridian Dental Group")
    retried = quarantine.retry(demo_con, ADMIN, r["snapshot_id"])
    assert (retried["rows_read"], retried["rows_loaded"], retried["rows_quarantined"]) == (1, 1, 0)
    assert rows(demo_con, "SELECT client_key, source_row FROM time_entries WHERE snapshot_id = ?", [retried["snapshot_id"]]) == [
        ("meridian dental group", 2)]
    assert rows(demo_con, "SELECT status FROM quarantine") == [("retried",)]


def test_ambiguous_name_never_auto_matched(demo_con) -> None:
    ingest(demo_con, "client_name,segment\nHarbor\n", "clients.csv")  # a client keyed 'harbor' exists...
    resolve.add_alias(demo_con, ADMIN, "Harbor", "Meridian Dental Group")  # ...and 'harbor' is also an alias of another
    r = ingest(demo_con, "Member,Company,Date,Hours,Billable\nPriya Shah,Harbor,2026-10-01,1,Yes\n", "t.csv")
    assert r["rows_quarantined"] == 1 and "matches several known clients" in r["errors"][0]["reason"]


def test_alias_target_must_be_known(demo_con) -> None:
    with pytest.raises(MoatError, match="no known client"):
        resolve.add_alias(demo_con, ADMIN, "X", "Nobody Ltd")
    with pytest.raises(MoatError, match="may not map"):
        resolve.add_alias(demo_con, User("v", "viewer"), "X", "Meridian Dental Group")


def test_id_less_repeats_are_kept(empty_con) -> None:
    text = "Member,Company,Date,Hours,Billable\n" + "Priya Shah,Acme,2026-10-01,1,Yes\n" * 2
    r = ingest(empty_con, text)
    assert r["rows_loaded"] == 2
    keys = [k for (k,) in rows(empty_con, "SELECT row_key FROM time_entries ORDER BY source_row")]
    assert len(set(keys)) == 2 and keys[0].endswith("#0") and keys[1].endswith("#1")


def test_replace_range_rollback_and_diff(empty_con) -> None:
    header = ["Time Entry ID", "Member", "Company", "Date", "Hours", "Billable"]
    first = ingest(empty_con, csv_text(header, [["1", "A B", "Acme", "2026-10-01", "1", "Y"], ["2", "A B", "Acme", "2026-10-02", "2", "Y"],
                                                ["3", "A B", "Acme", "2026-11-02", "3", "Y"]]))
    second = ingest(empty_con, csv_text(header, [["1", "A B", "Acme", "2026-10-01", "1.5", "Y"]]), "oct.csv",
                    replace_range=(date(2026, 10, 1), date(2026, 10, 31)))
    assert rows(empty_con, "SELECT entry_id, hours FROM cur_time_entries ORDER BY 1") == [("1", Decimal("1.5000")), ("3", Decimal("3.0000"))]
    d = snapshots.diff(empty_con, first["snapshot_id"], second["snapshot_id"])
    assert (d["added"].height, d["removed"].height, d["changed"].height) == (0, 2, 1)
    snapshots.rollback(empty_con, ADMIN, second["snapshot_id"])
    assert rows(empty_con, "SELECT entry_id, hours FROM cur_time_entries ORDER BY 1") == [
        ("1", Decimal("1.0000")), ("2", Decimal("2.0000")), ("3", Decimal("3.0000"))]


def test_xlsx_end_to_end_reports_total_row(empty_con) -> None:
    data = xlsx_bytes({"Sheet1": [
        ["Pax8 billing export"], [],
        ["Company Name", "Product Name", "Vendor Name", "Billing Period", "Quantity", "Partner Cost", "Retail Price"],
        ["Acme", "M365 E3", "Microsoft", EXCEL_DATE, 10, 36, 43.2],
        ["Acme", "Defender", "Microsoft", "2026-10", 10, 3, 3.6],
        ["Total", None, None, None, 20, None, None],
        ["Generated by Pax8"],
    ]})
    r = ingest(empty_con, data, "pax8.xlsx")
    assert (r["dataset"], r["sheet"], r["rows_read"], r["rows_loaded"], r["rows_skipped"]) == ("licenses", "Sheet1", 4, 2, 2)
    assert rows(empty_con, "SELECT product, month, seats_purchased, unit_cost FROM cur_licenses ORDER BY 1") == [
        ("Defender", date(2026, 10, 1), 10, Decimal("3.0000")), ("M365 E3", date(2026, 10, 1), 10, Decimal("36.0000"))]


def test_profile_constants_and_unknown_enum_labels(empty_con) -> None:
    m365 = "Product Title,Assigned licenses,Total licenses,Unit cost\nMicrosoft 365 E3,40,50,36\n"
    profile = load_profile({"dataset": "licenses", "columns": {"Unit cost": "unit_cost"}, "constants": {"client_name": "Harbor Logistics", "month": "2026-10"}})
    r = ingest(empty_con, m365, "m365.csv", profile=profile)
    assert r["rows_loaded"] == 1
    assert rows(empty_con, "SELECT client_name, month, seats_purchased, seats_assigned FROM cur_licenses") == [
        ("Harbor Logistics", date(2026, 10, 1), 50, 40)]
    r = ingest(empty_con, "Client,Agreement Type\nAcme,Gold Plan\nBeta,Managed Services\n", "clients.csv")
    assert r["rows_loaded"] == 2 and any("Gold Plan" in w for w in r["warnings"])
    assert rows(empty_con, "SELECT agreement_type FROM cur_clients ORDER BY client_name") == [("Gold Plan",), ("managed",)]


def test_bad_profile_refused() -> None:
    with pytest.raises(MoatError, match="not fields of time_entries"):
        load_profile({"dataset": "time_entries", "columns": {"X": "wrong"}})
    with pytest.raises(MoatError, match="unknown keys"):
        load_profile({"dataset": "time_entries", "colums": {}})


def test_viewer_cannot_upload(empty_con) -> None:
    with pytest.raises(MoatError, match="may not upload"):
        prepare(empty_con, User("v", "viewer"), b"a,b\n", "x.csv")


CASES = {
    "cw": csv_text(CW_HEADER, CW_ROWS),
    "semicolon_crlf": csv_text(CW_HEADER, CW_ROWS, ";", "\r\n"),
    "tab_cr": csv_text(CW_HEADER, CW_ROWS, "\t", "\r"),
    "utf16": "\ufeff" + csv_text(CW_HEADER, CW_ROWS),
    "ragged": csv_text(CW_HEADER, CW_ROWS) + "9,A,B,2026-10-01,1,B,x,y,EXTRA\n",
    "totals": csv_text(CW_HEADER, CW_ROWS) + ",,,,,,,\nGrand Total,,,,4,,,\nprinted by CW\n",
    "missing": csv_text(CW_HEADER, [["", "", "", "", "", "", "", "note only"], ["8", "X", "", "2026-10-01", "", "", "", ""]]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_counts_always_add_up(empty_con, case: str) -> None:
    text = CASES[case]
    data = text.encode("utf-16") if case == "utf16" else text.encode()
    r = ingest(empty_con, data, f"{case}.csv")
    assert_counts(r)
    stored = rows(empty_con, "SELECT rows_loaded, rows_quarantined FROM snapshots")
    assert stored == [(r["rows_loaded"], r["rows_quarantined"])]
    assert scalar(empty_con, "SELECT count(*) FROM time_entries") == r["rows_loaded"]
    assert scalar(empty_con, "SELECT count(*) FROM quarantine") == r["rows_quarantined"]
    if case == "ragged":
        assert r["errors"][0]["reason"].startswith("__extra: row has more fields")
    if case == "totals":
        assert r["rows_skipped"] == 3


def test_quarantine_export_has_raw_rows(empty_con) -> None:
    ingest(empty_con, csv_text(CW_HEADER, CW_ROWS + [["4", "A", "B", "2026-10-01", "x", "B", "", ""]]))
    text = quarantine.export_csv(empty_con)
    lines = text.strip().splitlines()
    assert len(lines) == 2 and "not a number of hours" in lines[1] and '""Hours Actual"":""x""' in lines[1]
    df = pl.read_csv(text.encode())
    assert df["row_number"].to_list() == [5]
