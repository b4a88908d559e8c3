"""A quarantine retry never loads a number the clean load of the same export would not have (issue 14).

Each test holds rows of a real vendor fixture (``tests/fixtures/sources``) in the quarantine — a new client or
technician name with ``confirm_new_names`` on, a value the source's own rules cannot use — then confirms or fixes
and retries, and asserts the totals of the fixture's hand-computed clean load (``expected.json``). Rows whose
values depend on rows that are not in the quarantine (a client's other agreements, a ticket missing from a lookup,
users counted into a seat line) must be refused by the retry with the fix, never loaded alone.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from moat import db
from moat.db import rows, scalar
from moat.errors import MoatError
from moat.governance.permissions import local_operator
from moat.ingest import Options, ingest_bytes, mapping, quarantine, resolve, upload
from moat.snapshots import rollback
from tests.ingest.ingest_fixtures import TODAY
from tests.ingest.test_sources_fixtures import moat

ADMIN = local_operator("test")
SOURCES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


def expected(source_id: str) -> dict[str, Any]:
    return json.loads((SOURCES / source_id / "expected.json").read_text(encoding="utf-8"))


def fixture(source_id: str, name: str | None = None) -> bytes:
    return (SOURCES / source_id / (name or expected(source_id)["file"])).read_bytes()


def ingest(con: Any, source_id: str, data: bytes | None = None, **kw: Any) -> dict[str, Any]:
    ex = expected(source_id)
    kw.setdefault("base_currency", ex.get("base_currency", "USD"))
    return ingest_bytes(con, ADMIN, fixture(source_id) if data is None else data, ex["file"], Options(today=TODAY, **kw))


def revenue(con: Any) -> dict[str, str]:
    got = rows(con, "SELECT client_name, sum(amount) FROM cur_invoices GROUP BY 1 ORDER BY 1")
    return {name: f"{total:.2f}" for name, total in got}


def open_rows(con: Any) -> int:
    return int(scalar(con, "SELECT count(*) FROM quarantine WHERE status = 'open'") or 0)


# --- Xero: credit note, document lines, tax ------------------------------------------------------------------------


def test_xero_credit_note_held_for_a_new_name_comes_back_negative_net_of_tax_and_once(empty_con) -> None:
    """Fails on the old code: the retry also loaded the two clients nobody had confirmed yet."""
    ex = expected("xero_invoices")
    r = ingest(empty_con, "xero_invoices", confirm_new_names=True)
    assert (r["rows_loaded"], r["rows_quarantined"]) == (0, 4)  # four documents wait; their other lines are counted
    resolve.confirm_names(empty_con, ADMIN, ["Bluewater Logistics Inc"], "client")
    first = quarantine.retry(empty_con, ADMIN, r["snapshot_id"], base_currency="GBP")
    assert (first["rows_loaded"], first["rows_quarantined"], first.get("rows_refused", 0)) == (2, 2, 0)
    # the credit note comes back negative and net of VAT (150.00, not 180.00, not +150.00)
    assert rows(empty_con, "SELECT invoice_number, amount FROM cur_invoices ORDER BY 1") == [
        ("CN-0007", Decimal("-150.0000")), ("INV-0102", Decimal("2400.0000"))]
    resolve.confirm_names(empty_con, ADMIN, ["Acme Dental LLC", "Northwind Legal"], "client")
    second = quarantine.retry(empty_con, ADMIN, first["snapshot_id"], base_currency="GBP")
    assert (second["rows_loaded"], second["rows_quarantined"]) == (2, 0)
    assert revenue(empty_con) == ex["revenue"]  # INV-0101's two lines once, net of VAT: 1850 + 312
    assert scalar(empty_con, "SELECT count(*) FROM cur_invoices") == 4
    assert open_rows(empty_con) == 0


def test_a_corrected_mapping_of_a_field_the_rules_computed_is_refused(empty_con) -> None:
    """The old code silently ignored such a mapping (the computed column won): said now, with the fix."""
    r = ingest(empty_con, "xero_invoices", confirm_new_names=True)
    resolve.confirm_names(empty_con, ADMIN, r["new_clients"], "client")
    wrong = mapping.Profile(dataset="invoices", columns={"Total": "amount"})  # gross, positive, once per line
    with pytest.raises(MoatError) as info:
        quarantine.retry(empty_con, ADMIN, r["snapshot_id"], wrong, base_currency="GBP")
    assert "computed amount" in str(info.value) and f"moat snapshots rollback {r['snapshot_id']}" in (info.value.hint or "")
    assert scalar(empty_con, "SELECT count(*) FROM cur_invoices") == 0 and open_rows(empty_con) == 4  # nothing changed
    assert revenue_after_plain_retry(empty_con, r["snapshot_id"]) == expected("xero_invoices")["revenue"]


def revenue_after_plain_retry(con: Any, snapshot_id: int) -> dict[str, str]:
    quarantine.retry(con, ADMIN, snapshot_id, base_currency="GBP")
    return revenue(con)


# --- QuickBooks Online Sales by Customer Detail: group rows, documents, credit memo -------------------------------


def test_qbo_group_rows_held_then_confirmed_on_the_upload_page_load_the_clean_totals(empty_con) -> None:
    ex = expected("qbo_sales_customer_detail")
    r = ingest(empty_con, "qbo_sales_customer_detail", confirm_new_names=True)
    assert (r["rows_loaded"], r["rows_quarantined"]) == (0, 8)
    done = upload.confirm_and_retry(empty_con, ADMIN, r["new_clients"], "client")  # the Upload page's button
    assert (done["rows_loaded"], done["rows_quarantined"], done.get("rows_refused", 0)) == (8, 0, 0)
    assert revenue(empty_con) == ex["revenue"]
    assert rows(empty_con, "SELECT amount FROM cur_invoices WHERE invoice_number = '1007'") == [(Decimal("500.0000"),)]
    names = {n for (n,) in rows(empty_con, "SELECT client_name FROM cur_clients")}
    assert not names & set(ex["not_clients"])  # the carried-down customer, never the income account


# --- ConnectWise agreements: several per client, summed ------------------------------------------------------------


def agreements_with_bad_backup_fee(fee: str) -> bytes:
    """Acme Dental LLC with two active agreements (Managed 2400/month + Backup 1200/year), the backup fee as given."""
    lines = fixture("cw_agreements").decode("utf-8").splitlines()
    kept = [ln for ln in lines if not ln.startswith("9006,")]  # drop the cancelled project: two agreements that count
    return ("\n".join(kept).replace("Annual,1200.00", f"Annual,{fee}") + "\n").encode("utf-8")


def test_held_agreements_are_never_retried_alone_as_a_partial_sum(empty_con) -> None:
    """Fails on the old code: the retry loaded Acme Dental LLC with 2400.00 (its managed agreement alone)."""
    r = ingest(empty_con, "cw_agreements", agreements_with_bad_backup_fee("12OO.00"))
    assert r["rows_quarantined"] == 2  # both of Acme's agreements wait: never a partial sum
    assert scalar(empty_con, "SELECT count(*) FROM cur_clients WHERE client_name = 'Acme Dental LLC'") == 0
    again = quarantine.retry(empty_con, ADMIN, r["snapshot_id"])
    assert scalar(empty_con, "SELECT count(*) FROM cur_clients WHERE client_name = 'Acme Dental LLC'") == 0
    assert again["rows_loaded"] == 0 and again.get("rows_refused", 0) == 2
    assert all(f"moat snapshots rollback {r['snapshot_id']}" in x["fix"] for x in again["refused"])
    assert "sum of its 2 agreements" in again["refused"][0]["reason"]
    assert open_rows(empty_con) == 2  # still there to read and fix, not lost
    page = upload.retry_all(empty_con, ADMIN)  # the Upload page's "Retry quarantined rows" says the same, inert
    assert "2 rows of snapshot" in page and "not retried" in page and "moat snapshots rollback" in page
    assert scalar(empty_con, "SELECT count(*) FROM cur_clients WHERE client_name = 'Acme Dental LLC'") == 0
    # the fix it names: the corrected export, after rolling the snapshot back, loads the clean load's sum
    rollback(empty_con, ADMIN, r["snapshot_id"])
    fixed = ingest(empty_con, "cw_agreements", agreements_with_bad_backup_fee("1200.00"))
    assert fixed["rows_quarantined"] == 0
    assert rows(empty_con, "SELECT monthly_fee FROM cur_clients WHERE client_name = 'Acme Dental LLC'") == [(Decimal("2500.0000"),)]


def test_cli_retry_of_held_agreements_reports_the_refusal_and_loads_nothing(tmp_path: Path) -> None:
    """Fails on the old code: ``moat quarantine retry`` loaded Acme Dental LLC alone with 2400.00."""
    path = tmp_path / "agreements.csv"
    path.write_bytes(agreements_with_bad_backup_fee("12OO.00"))
    dbp = tmp_path / "m.duckdb"
    done = moat(dbp, "ingest", str(path), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    retried = moat(dbp, "quarantine", "retry", "--json", cwd=tmp_path)
    assert retried.returncode == 0, retried.stderr
    (report,) = json.loads(retried.stdout)["files"]
    assert (report["rows_loaded"], report.get("rows_refused", 0)) == (0, 2)
    text = moat(dbp, "quarantine", "retry", cwd=tmp_path)
    assert "2 refused" in text.stdout and "moat snapshots rollback" in text.stdout
    con = db.connect(dbp)
    try:
        assert scalar(con, "SELECT count(*) FROM cur_clients WHERE client_name = 'Acme Dental LLC'") == 0
    finally:
        con.close()


# --- Autotask REST: ids through lookups ----------------------------------------------------------------------------


def lookups(tickets: bytes | None = None) -> list[tuple[str, bytes]]:
    src = "autotask_time_api"
    return [("Resources.csv", fixture(src, "Resources.csv")), ("Companies.csv", fixture(src, "Companies.csv")),
            ("Tickets.csv", tickets if tickets is not None else fixture(src, "Tickets.csv"))]


def hours(con: Any) -> tuple[dict[str, str], dict[str, str]]:
    tech = {n: f"{h:.2f}" for n, h in rows(con, "SELECT technician_name, sum(hours) FROM cur_time_entries GROUP BY 1")}
    client = {n: f"{h:.2f}" for n, h in rows(con, "SELECT client_name, sum(hours) FROM cur_time_entries "
                                                    "WHERE client_name IS NOT NULL GROUP BY 1")}
    return tech, client


def expected_hours() -> tuple[dict[str, str], dict[str, str]]:
    ex = expected("autotask_time_api")
    return ({n: f"{Decimal(h[0]):.2f}" for n, h in ex["technician_hours"].items()},
            {n: f"{Decimal(h):.2f}" for n, h in ex["client_hours"].items()})


def test_autotask_rows_held_for_new_names_come_back_with_their_looked_up_names(tmp_path: Path) -> None:
    """`moat aliases confirm` + `moat quarantine retry`, as a user would: the ids stay resolved, overhead stays overhead."""
    src = SOURCES / "autotask_time_api"
    dbp = tmp_path / "m.duckdb"
    args = ["--lookup", "Resources.csv", "--lookup", "Companies.csv", "--lookup", "Tickets.csv"]
    done = moat(dbp, "ingest", "TimeEntries.csv", *args, "--confirm-new-names", "--json", cwd=src)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)["files"][0]
    assert (report["rows_loaded"], report["rows_quarantined"]) == (0, 10)
    assert moat(dbp, "aliases", "confirm", *report["new_technicians"], "--kind", "technician", cwd=src).returncode == 0
    assert moat(dbp, "aliases", "confirm", *report["new_clients"], "--kind", "client", cwd=src).returncode == 0
    retried = moat(dbp, "quarantine", "retry", "--json", cwd=src)
    assert retried.returncode == 0, retried.stderr
    (again,) = json.loads(retried.stdout)["files"]
    assert (again["rows_loaded"], again["rows_quarantined"], again.get("rows_refused", 0)) == (10, 0, 0)
    con = db.connect(dbp)
    try:
        assert hours(con) == expected_hours()
        assert scalar(con, "SELECT count(*) FROM cur_time_entries WHERE client_name IS NULL") == 1  # the owner's: overhead
        names = {n for (n,) in rows(con, "SELECT technician_name FROM cur_time_entries")}
        assert not names & set(expected("autotask_time_api")["not_technicians"])
    finally:
        con.close()


def test_autotask_rows_whose_ticket_is_missing_from_the_lookup_are_refused_on_retry(empty_con) -> None:
    """Fails on the old code: the retry crashed (polars DuplicateError on the internal-time flag)."""
    tickets = b"\n".join(ln for ln in fixture("autotask_time_api", "Tickets.csv").split(b"\n") if not ln.startswith(b"7003"))
    r = ingest(empty_con, "autotask_time_api", lookups=lookups(tickets))
    assert (r["rows_loaded"], r["rows_quarantined"]) == (7, 3)
    again = quarantine.retry(empty_con, ADMIN, r["snapshot_id"])
    assert (again["rows_loaded"], again.get("rows_refused", 0)) == (0, 3)
    assert "ticket_id 7003 is not in the Tickets lookup" in again["refused"][0]["reason"]
    assert scalar(empty_con, "SELECT sum(hours) FROM cur_time_entries") == Decimal("11.7500")  # untouched: 7 rows
    # the fix it names: the same time file with the complete lookups, after a rollback (else "already loaded")
    rollback(empty_con, ADMIN, r["snapshot_id"])
    fixed = ingest(empty_con, "autotask_time_api", lookups=lookups())
    assert (fixed["rows_loaded"], fixed["rows_quarantined"], fixed["already_loaded"]) == (10, 0, False)
    assert hours(empty_con) == expected_hours()


# --- Microsoft 365 per-tenant report: --client ---------------------------------------------------------------------


def test_m365_per_tenant_seat_row_is_refused_on_retry_and_its_fix_keeps_the_client(empty_con) -> None:
    """A seat line counts the report against the licence lines loaded then: a retry would write stale lines back."""
    ex = expected("m365_subscriptions")
    client = ex["args"][1]
    for before in ex["before"]:
        assert ingest(empty_con, before)["rows_quarantined"] == 0
    bad = fixture("m365_subscriptions").replace(b"SPB,Enabled,User,7,", b"SPB,Enabled,User,seven,")
    r = ingest(empty_con, "m365_subscriptions", bad, client=client)
    assert r["rows_quarantined"] == 1
    raw = json.loads(rows(empty_con, "SELECT CAST(raw AS VARCHAR) FROM quarantine WHERE status = 'open'")[0][0])
    assert raw["client_name"] == client  # the --client travels with the held row
    again = quarantine.retry(empty_con, ADMIN, r["snapshot_id"])
    assert (again["rows_loaded"], again.get("rows_refused", 0)) == (0, 1)
    assert "seat report" in again["refused"][0]["reason"]
    rollback(empty_con, ADMIN, r["snapshot_id"])
    fixed = ingest(empty_con, "m365_subscriptions", client=client)
    assert (fixed["rows_loaded"], fixed["rows_quarantined"]) == (2, 0)
    got = rows(empty_con, "SELECT client_name || '|' || product, seats_purchased, seats_assigned, seats_active FROM cur_licenses "
                          "WHERE client_name = ? ORDER BY 1", [client])
    assert {k: [p, a, act] for k, p, a, act in got} == ex["seats"]


def test_a_document_with_an_unreadable_line_waits_whole_and_is_not_retried_into_a_partial_sum(empty_con) -> None:
    """Fails on the old code: INV-0101 loaded as 1850.00 (its first line) when its second line was unreadable."""
    good = fixture("xero_invoices")
    bad = good.replace(b"12.0000,26.0000,,312.00", b"12.0000,26.0000,,3I2.00")
    r = ingest(empty_con, "xero_invoices", bad)
    assert scalar(empty_con, "SELECT count(*) FROM cur_invoices WHERE invoice_number = 'INV-0101'") == 0
    assert (r["rows_loaded"], r["rows_quarantined"]) == (3, 1)
    assert r["errors"][0]["value"] == "3I2.00"  # the unreadable line's value, quoted on the document's row
    again = quarantine.retry(empty_con, ADMIN, r["snapshot_id"], base_currency="GBP")
    assert again["rows_loaded"] == 0
    assert scalar(empty_con, "SELECT count(*) FROM cur_invoices WHERE invoice_number = 'INV-0101'") == 0
    rollback(empty_con, ADMIN, r["snapshot_id"])
    ingest(empty_con, "xero_invoices", good)
    assert revenue(empty_con) == expected("xero_invoices")["revenue"]
