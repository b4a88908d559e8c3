"""The Upload page with real vendor exports (issue 14): the source and how sure, the column -> field mapping and
the row rules before commit; the client picker of a per-tenant report; the lookup uploader of an id-only export;
the new-names confirmation (confirm -> the waiting rows leave the quarantine); the choice between two plausible
readings. Real login (a users file), a DuckDB file on disk, the fixtures of tests/fixtures/sources dropped into the
page's file uploaders; numbers are read back from the database the page wrote.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from moat import db
from tests.helpers import ROOT, as_role

SOURCES = ROOT / "tests" / "fixtures" / "sources"
PAGE = str(ROOT / "pages" / "upload.py")


@pytest.fixture
def empty_db(tmp_path: Path, app_env) -> Path:
    return app_env(tmp_path / "moat.duckdb")


def cli_ingest(path: Path, *files: Path) -> None:
    """Load prerequisite fixtures as a user would from the command line (before the app opens the file)."""
    for f in files:
        done = subprocess.run([sys.executable, "-m", "moat", "--db", str(path), "ingest", str(f), "--json"],
                              cwd=f.parent, env=dict(os.environ), capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr


def page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=180)
    as_role(at, "analyst")
    at.run()
    assert not at.exception
    return at


def drop(at: AppTest, *files: Path, uploader: str = "upload_files") -> AppTest:
    at.file_uploader(key=uploader).set_value([(f.name, f.read_bytes(), "text/csv") for f in files])
    at.run()
    assert not at.exception, at.exception
    return at


def key_of(name: str, index: int = 0) -> str:
    return f"upload_{index}_{name}"


def texts(elements: Any) -> list[str]:
    """What the elements show, with the page's Markdown escapes (user text made inert) taken out."""
    return [re.sub(r"\\(.)", r"\1", e.value) for e in elements]


def query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    con = db.connect(path)  # in this process: a cursor of the app's own connection
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def by_client(rows: list[tuple[Any, ...]]) -> dict[str, Decimal]:
    return {str(n): Decimal(str(v)).quantize(Decimal("0.01")) for n, v in rows}


def test_source_mapping_and_row_rules_are_shown_before_commit(empty_db: Path) -> None:
    """QuickBooks Online Sales by Customer Detail: the source with its header count, `Account` never a client, the
    group-row and total-row rules with their counts, and the rows the commit will load, before anything is written."""
    report = SOURCES / "qbo_sales_customer_detail" / "Sales by Customer Detail.csv"
    at = drop(page(), report)
    assert any(t.startswith("Recognised as QuickBooks Online Sales by Customer Detail: ") and "(source qbo_sales_customer_detail)" in t
               for t in texts(at.info)), texts(at.info)
    mapping, rules = at.dataframe[0].value, at.dataframe[1].value
    fields = dict(zip(mapping["column"], mapping["field"], strict=True))
    assert fields["Date"] == "date" and fields["Num"] == "invoice_number" and fields["Amount"] == "line_amount"
    assert fields.get("Account") != "client_name"
    applied = list(rules["row rule applied"])
    assert "group rows carried: 4" in applied and "total rows skipped: 5" in applied, applied
    # every customer is new: with confirm_new_names (the app's default) the 8 documents wait for confirmation
    assert "21 rows read: 0 to load, 8 quarantined, 13 skipped" in texts(at.markdown)
    assert query(empty_db, "SELECT count(*) FROM snapshots") == [(0,)]


def test_confirming_new_names_after_commit_loads_the_waiting_rows(empty_db: Path) -> None:
    """Commit with four new customers: their 8 documents wait in the quarantine; confirming the names on the page
    retries them, and the revenue is the hand-computed one (the old page only stored the names)."""
    report = SOURCES / "qbo_sales_customer_detail" / "Sales by Customer Detail.csv"
    at = drop(page(), report)
    k = key_of(report.name)
    at.button(key=f"{k}_commit").click().run()
    assert "Loaded as snapshot 1: 0 rows, 8 quarantined." in texts(at.success)
    assert query(empty_db, "SELECT count(*) FROM cur_invoices") == [(0,)]
    assert sorted(at.multiselect(key=f"{k}_confirm_clients").value) == ["Acme Dental LLC", "Bluewater Logistics Inc",
                                                                        "Café Müller GmbH", "Northwind Legal"]
    at.button(key=f"{k}_confirm_clients_go").click().run()
    assert not at.exception
    assert "4 clients confirmed; waiting rows retried: 8 loaded, 0 still quarantined." in texts(at.success), texts(at.success)
    assert "No rows waiting in quarantine." in texts(at.info)
    revenue = by_client(query(empty_db, "SELECT client_name, sum(CASE WHEN status IN ('draft', 'void') THEN 0 ELSE amount END) "
                                        "FROM cur_invoices GROUP BY 1"))
    assert revenue == {"Acme Dental LLC": Decimal("5287.50"), "Bluewater Logistics Inc": Decimal("2250.00"),
                       "Northwind Legal": Decimal("1700.00"), "Café Müller GmbH": Decimal("980.00")}


def test_per_tenant_report_is_refused_without_a_client_and_loads_seats_with_one(empty_db: Path) -> None:
    """The Microsoft 365 usage report names no client: refused naming the picker; with the client chosen its users
    become seats assigned/active of that client's Pax8 lines (6 assigned, 4 active of 8 bought)."""
    cli_ingest(empty_db, SOURCES / "pax8_billing" / "pax8_invoice.csv")
    usage = SOURCES / "m365_usage_active_users_detail" / "ActiveUsers10_31_2026 7_15_00 AM.csv"
    at = drop(page(), usage)
    assert any("--client NAME" in e for e in texts(at.error)), texts(at.error)
    assert "Choose the client above: this report holds one tenant and does not name it." in texts(at.info)
    assert not [b for b in at.button if b.key and b.key.endswith("_commit")]  # nothing to commit without the client
    k = key_of(usage.name)
    at.selectbox(key=f"{k}_client").set_value("Bluewater Logistics Inc").run()
    assert not at.error, texts(at.error)
    assert "9 rows read: 7 to load, 0 quarantined, 2 skipped" in texts(at.markdown)
    at.button(key=f"{k}_commit").click().run()
    seats = query(empty_db, "SELECT product, seats_purchased, seats_assigned, seats_active FROM cur_licenses "
                            "WHERE client_name = 'Bluewater Logistics Inc' ORDER BY product")
    assert ("Microsoft 365 Business Standard", 8, 6, 4) in seats, seats


def test_id_only_export_asks_for_its_lookups_and_resolves_names_with_them(empty_db: Path) -> None:
    """Autotask REST time entries hold ids: refused naming the lookups; with Resources, Companies and Tickets in the
    lookup uploader the names resolve (never a number as a name) and the hours add up per client."""
    folder = SOURCES / "autotask_time_api"
    cli_ingest(empty_db, SOURCES / "canonical_clients" / "clients.csv", SOURCES / "canonical_technicians" / "technicians.csv")
    at = drop(page(), folder / "TimeEntries.csv")
    assert any("needs the lookups" in e for e in texts(at.error)), texts(at.error)
    assert any("Lookup files" in i for i in texts(at.info))
    at = drop(at, folder / "Resources.csv", folder / "Companies.csv", folder / "Tickets.csv", uploader="upload_lookups")
    assert not at.error, texts(at.error)
    assert "10 rows read: 10 to load, 0 quarantined, 0 skipped" in texts(at.markdown)
    at.button(key=f"{key_of('TimeEntries.csv')}_commit").click().run()
    hours = by_client(query(empty_db, "SELECT client_name, sum(hours) FROM cur_time_entries WHERE client_name IS NOT NULL GROUP BY 1"))
    assert hours == {"Acme Dental LLC": Decimal("4.75"), "Bluewater Logistics Inc": Decimal("6.00"), "Northwind Legal": Decimal("3.75")}
    techs = {t for (t,) in query(empty_db, "SELECT DISTINCT technician_name FROM cur_time_entries")}
    assert techs == {"Priya Shah", "Tom Becker", "Ana Lima"}


def test_two_plausible_readings_are_offered_and_the_choice_loads(empty_db: Path) -> None:
    """An "invoiced time" report fits HaloPSA timesheets and the QuickBooks Invoice List equally: the page asks which,
    loads nothing until a person chooses, and the chosen reading loads to its own totals."""
    cli_ingest(empty_db, SOURCES / "canonical_clients" / "clients.csv", SOURCES / "canonical_technicians" / "technicians.csv")
    report = SOURCES / "_two_readings" / "invoiced_time.csv"
    at = drop(page(), report)
    k = key_of(report.name)
    assert any("two readings are plausible" in w for w in texts(at.warning)), texts(at.warning)
    choice = at.radio(key=f"{k}_source_pick")
    assert set(choice.options) == {"QuickBooks Online Invoice List - loads as invoices",
                                   "HaloPSA timesheet events - loads as time entries"}
    assert not [b for b in at.button if b.key == f"{k}_commit"]
    choice.set_value("halo_timesheets").run()
    assert not at.exception
    assert any(i.startswith("Recognised as HaloPSA timesheet events: 5 of 14 headers") for i in texts(at.info)), texts(at.info)
    assert "4 rows read: 4 to load, 0 quarantined, 0 skipped" in texts(at.markdown)
    at.button(key=f"{k}_commit").click().run()
    hours = by_client(query(empty_db, "SELECT client_name, sum(hours) FROM cur_time_entries GROUP BY 1"))
    assert hours == {"Acme Dental LLC": Decimal("2.25"), "Bluewater Logistics Inc": Decimal("2.00"), "Northwind Legal": Decimal("1.25")}
    assert query(empty_db, "SELECT count(*) FROM cur_invoices") == [(0,)]


def test_names_and_headers_from_a_file_are_shown_as_typed_never_as_markdown(empty_db: Path, tmp_path: Path) -> None:
    """A client named like a Markdown link and a header like a heading reach the page escaped (inert), whole."""
    odd = tmp_path / "odd.csv"
    odd.write_text("invoice_number,client_name,date,amount,# Heading\nINV-1,[Sign in](http://example.invalid),2026-10-03,100.00,x\n",
                   encoding="utf-8")
    at = drop(page(), odd)
    raw = [w.value for w in at.warning if "New clients" in w.value]
    assert raw == ["New clients never seen before\\: \\[Sign in\\](http\\:\u2060//example.invalid). "
                   "Their rows wait in the quarantine until you confirm them."], raw  # brackets escaped, "://" broken by a word joiner: no link
    labels = [s.label for s in at.selectbox if (s.key or "").startswith(f"{key_of(odd.name)}_map_")]
    assert "\\# Heading" in labels, labels
