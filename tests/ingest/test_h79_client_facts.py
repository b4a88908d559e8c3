"""Review h74 D1, D3: a clients file's status comes only from the clients' status vocabulary, a ticket view is no
clients list, and a legal-name column never renames a known client.

Files under tests/fixtures/h74 (README.md: provenance and hand totals) loaded into a copy of the demo database."""

from __future__ import annotations

from pathlib import Path

import pytest

from moat.db import rows
from moat.errors import FileRejected
from moat.governance.permissions import local_operator
from moat.ingest import Options, ingest_bytes
from tests.ingest.ingest_fixtures import TODAY

ADMIN = local_operator("test")
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h74"
KNOWN = ("SELECT client_name, status FROM cur_clients WHERE client_name IN ('Meridian Dental Group', 'Harbor Logistics', "
         "'Summit Capital') ORDER BY 1")


def load(con, data: bytes, name: str) -> dict:
    return ingest_bytes(con, ADMIN, data, name, Options(today=TODAY, confirm_new_names=False))


def everything(con) -> list:
    return rows(con, "SELECT client_name, status, row_key, snapshot_id FROM clients ORDER BY ALL")


def test_d3_us_state_is_not_status_and_legal_names_do_not_rename(demo_con) -> None:
    """QuickBooks Customers export: status stays `active` (was IL / OR / CO) and the names stay the display names
    (were `Harbor Logistics Inc`, `Summit Capital LLC`)."""
    assert rows(demo_con, KNOWN) == [("Harbor Logistics", "active"), ("Meridian Dental Group", "active"),
                                     ("Summit Capital", "active")]
    report = load(demo_con, (FIX / "qbo_customer_list.csv").read_bytes(), "qbo_customer_list.csv")
    assert report["dataset"] == "clients" and report["rows_loaded"] == 3
    assert any(w.startswith("`State` holds CO, IL, OR: regions of the address") for w in report["warnings"])
    assert rows(demo_con, KNOWN) == [("Harbor Logistics", "active"), ("Meridian Dental Group", "active"),
                                     ("Summit Capital", "active")]
    assert rows(demo_con, "SELECT count(*) FROM cur_clients WHERE client_name LIKE '% Inc' OR client_name LIKE '% LLC'") == [(0,)]


@pytest.mark.parametrize("keep", [8, 7], ids=["with_time_column", "without_time_column"])
def test_d1_ticket_view_is_no_clients_list(demo_con, keep: int) -> None:
    """The Zendesk view (ID, Subject, Requester, Organization, Assignee, Status, Solved[, time]) loaded as clients
    with Meridian `Closed`, Harbor `Solved`, Summit `prospect`; now refused, the database as it was."""
    lines = (FIX / "zendesk_view_time_demo.csv").read_text().splitlines()
    data = "\n".join(",".join(line.split(",")[:keep]) for line in lines).encode() + b"\n"
    before = everything(demo_con)
    with pytest.raises(FileRejected) as err:
        load(demo_con, data, "zendesk_view_time_demo.csv")
    assert "nothing was loaded" in str(err.value)
    assert everything(demo_con) == before
    assert rows(demo_con, KNOWN) == [("Harbor Logistics", "active"), ("Meridian Dental Group", "active"),
                                     ("Summit Capital", "active")]


def test_d1_ticket_view_refusal_names_the_tickets(demo_con) -> None:
    """Without its time column the only sign is the rows themselves: the refusal names them and the ticket states."""
    lines = (FIX / "zendesk_view_time_demo.csv").read_text().splitlines()
    data = "\n".join(",".join(line.split(",")[:7]) for line in lines).encode() + b"\n"
    with pytest.raises(FileRejected) as err:
        load(demo_con, data, "tickets.csv")
    assert "one row per ticket or event (`Subject`, `Requester`, `Assignee`" in str(err.value)
    assert "ticket states: Closed, Solved" in str(err.value)


def test_status_outside_the_vocabulary_is_refused(demo_con) -> None:
    """A `Status` of `Onboarding` would have been written over a known client's `active`; refused naming it."""
    before = everything(demo_con)
    data = b"Client,Status,Monthly Fee\nMeridian Dental Group,Onboarding,100\nHarbor Logistics,Active,200\n"
    with pytest.raises(FileRejected) as err:
        load(demo_con, data, "clients.csv")
    assert "`Status` holds 'Onboarding', which is no client status" in str(err.value)
    assert '{"Status": ignore}' in str(err.value)
    assert everything(demo_con) == before


def test_status_vocabulary_still_loads(demo_con) -> None:
    """Known labels still load: Harbor `Inactive` is churned."""
    data = b"Client,Status\nMeridian Dental Group,Active\nHarbor Logistics,Inactive\n"
    report = load(demo_con, data, "clients.csv")
    assert report["rows_loaded"] == 2
    assert rows(demo_con, KNOWN)[:2] == [("Harbor Logistics", "churned"), ("Meridian Dental Group", "active")]


def test_d7_itglue_vendors_msp_and_prospects_are_skipped(demo_con) -> None:
    """IT Glue organisations: Dell (Vendor), Contoso MSP (Internal) and Lakeside Dental (Prospect) were loaded as
    clients; now skipped and counted, the two customers load and Harbor's `Inactive` is read (churned)."""
    report = load(demo_con, (FIX / "itglue_organizations.csv").read_bytes(), "itglue_organizations.csv")
    assert report["rows_loaded"] == 2 and report["rows_skipped"] == 3
    assert ("skipped 1 x Vendor (organization_type_name): not a client; 1 x Internal (organization_type_name): not a "
            "client; 1 x Prospect (organization_type_name): not a client") in " | ".join(report["warnings"])
    assert rows(demo_con, "SELECT count(*) FROM cur_clients WHERE client_name IN ('Dell Technologies', 'Contoso MSP', "
                          "'Lakeside Dental')") == [(0,)]
    assert rows(demo_con, KNOWN)[:2] == [("Harbor Logistics", "churned"), ("Meridian Dental Group", "active")]
