"""A client's agreements are summed into one client row (``Source.per_client``), and a clients file never keeps one
of two disagreeing rows of the same client.

ConnectWise's agreements export has one row per agreement; a client with a managed-services agreement and a backup
agreement used to load with one of the two fees (the other row dropped as a duplicate), with exit 0. Now the
client's monthly fee is the sum of its *active* agreements' monthly fees (cancelled / expired / inactive add
nothing), and a client whose agreements cannot all be read waits in the quarantine as a whole: never a partial
sum. Everything runs through the real CLI on a DuckDB file on disk (helpers shared with the fixture tests).
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.ingest.test_sources_fixtures import SOURCES, dec, drop, ingest, key, moat, mutate, sql

FIXTURE = SOURCES / "cw_agreements" / "agreements.csv"
ACME_ROWS = [2, 7, 8]  # Managed Services (Monthly 2400, Active), Backup (Annual 1200, Active), Network Project (Cancelled)


def variant(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    text = FIXTURE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    out = tmp_path / "agreements.csv"
    out.write_text(text, encoding="utf-8")
    return out


def clients(db: Path) -> dict[str, tuple[Any, ...]]:
    rows = sql(db, "SELECT client_name, monthly_fee, status, agreement_type, start_date, end_date FROM cur_clients")
    return {key(r[0]): r[1:] for r in rows}


def load(tmp_path: Path, file: Path) -> tuple[Path, dict[str, Any]]:
    db = tmp_path / "moat.duckdb"
    rc, r, out = ingest(db, "cw_agreements", file=file)
    assert rc == 0 and r is not None, out[-3000:]
    assert r["source"] == "cw_agreements"
    assert r["rows_read"] == r["rows_loaded"] + r["rows_quarantined"] + r["rows_skipped"]
    return db, r


def test_a_clients_active_agreements_are_summed_into_its_monthly_fee(tmp_path: Path) -> None:
    """Acme Dental LLC: 2400 (Monthly, Active) + 1200 / 12 (Annual, Active) = 2500.00; its cancelled 300 adds nothing.
    Before: 2400.00 with the other two agreements quarantined as duplicates, exit 0."""
    db, r = load(tmp_path, FIXTURE)
    assert (r["rows_read"], r["rows_loaded"], r["rows_quarantined"]) == (7, 7, 0)
    assert r["row_rules"]["agreements_per_client"] == "3 agreements summed into 1 client"
    assert r["row_rules"]["agreements_not_active"] == 3
    assert "Active" in r["row_rules"]["agreement_status_rule"] and "Cancelled" in r["row_rules"]["agreement_status_rule"]
    got = clients(db)
    assert len(got) == 5
    fee, status, kind, start, end = got["acme dental llc"]  # a client since its first agreement; open while one active is
    assert (dec(fee), status, kind, str(start), end) == (Decimal("2500.00"), "active", "managed", "2025-09-01", None)
    # a client with no active agreement: churned, and no recurring fee (not the cancelled agreement's 500)
    assert (dec(got["northwind legal"][0]), got["northwind legal"][1]) == (Decimal("0.00"), "churned")
    assert (dec(got["harbor dental group"][0]), got["harbor dental group"][1]) == (Decimal("0.00"), "churned")
    assert dec(got["bluewater logistics inc"][0]) == Decimal("1800.00")


@pytest.mark.parametrize("change", [
    (",Backup,19300,AcmeDental,Acme Dental LLC,Active,", ",Backup,19300,AcmeDental,Acme Dental LLC,Inactive,"),
    (",Acme Dental LLC,Active,2026-03-01T00:00:00Z,,True,False,,", ",Acme Dental LLC,Active,2026-03-01T00:00:00Z,,True,True,,"),
], ids=["status Inactive", "cancelledFlag True"])
def test_an_inactive_or_cancelled_agreement_adds_nothing(tmp_path: Path, change: tuple[str, str]) -> None:
    db, r = load(tmp_path, variant(tmp_path, change))
    assert (r["rows_loaded"], r["rows_quarantined"]) == (7, 0)
    assert r["row_rules"]["agreements_not_active"] == 4
    assert dec(clients(db)["acme dental llc"][0]) == Decimal("2400.00")


def test_one_unreadable_agreement_holds_all_of_its_clients_agreements(tmp_path: Path) -> None:
    """The backup agreement's billing cycle is unknown: Acme's fee cannot be worked out, so its three agreements
    wait together (each naming why), never a partial 2400.00; the other clients load."""
    db, r = load(tmp_path, variant(tmp_path, (",Annual,1200.00,", ",Every 45 days,1200.00,")))
    assert (r["rows_loaded"], r["rows_quarantined"]) == (4, 3)
    reasons = {e["row"]: e["reason"] for e in r["errors"]}
    assert sorted(reasons) == ACME_ROWS
    assert "Every 45 days" in reasons[7]
    assert all("never a partial sum" in why and "row 7" in why for why in reasons.values()), reasons
    got = clients(db)
    assert "acme dental llc" not in got and len(got) == 4


def test_unknown_cycles_are_quarantined_and_a_one_time_agreement_adds_no_monthly_fee(tmp_path: Path) -> None:
    """A billing cycle the table does not know is never guessed (its row waits, naming the cycle); a one-time
    agreement has no monthly fee, so Acme's backup adds nothing; the others are divided by their months.
    (Moved here from test_sources_fixtures.py, updated for the summed fees.)"""
    db, r = load(tmp_path, variant(tmp_path, (",Quarterly,5400.00,", ",Every 45 days,5400.00,"),
                                   (",Annual,1200.00,", ",One Time,1200.00,")))
    assert (r["rows_loaded"], r["rows_quarantined"]) == (6, 1)
    assert any("Every 45 days" in (e["reason"] or "") for e in r["errors"]), r["errors"]
    assert r["row_rules"]["fee_per_cycle_to_monthly"] == 2 and r["row_rules"]["one_time_fee_not_monthly"] == 1
    got = clients(db)
    assert dec(got["acme dental llc"][0]) == Decimal("2400.00")
    assert dec(got["harbor dental group"][0]) == Decimal("0.00")
    assert "bluewater logistics inc" not in got


def test_agreement_fees_without_a_billing_cycle_are_left_out_not_taken_as_monthly(tmp_path: Path) -> None:
    """`billAmount` without its `billingCycle.name` column could be per month, quarter or year: no monthly fee is
    loaded (the clients, one row each, and their statuses are), and the report says why.
    (Moved here from test_sources_fixtures.py, updated for the summed agreements.)"""
    db, r = load(tmp_path, mutate("cw_agreements", tmp_path, drop("billingCycle.name")))
    assert r["row_rules"]["fee_without_cycle_not_loaded"] == 7
    assert r["row_rules"]["agreements_per_client"] == "3 agreements summed into 1 client"
    assert any("billAmount is an amount per billing cycle" in w for w in r["warnings"]), r["warnings"]
    assert sql(db, "SELECT count(*), count(monthly_fee) FROM cur_clients") == [(5, 0)]
    statuses = {n: row[1] for n, row in clients(db).items()}
    assert (statuses["northwind legal"], statuses["acme dental llc"]) == ("churned", "active")


def test_statuses_outside_the_rule_are_asked_about_and_a_lone_agreement_without_one_is_said(tmp_path: Path) -> None:
    """A status neither Active nor Cancelled/Expired/Inactive ("Pending") is not guessed: the client waits, naming it.
    A client's only agreement without a status counts (it is its fee) and the report says so."""
    db, r = load(tmp_path, variant(
        tmp_path, (",Harbor Dental Group,Expired,", ",Harbor Dental Group,Pending,"),
        (",Bluewater Logistics Inc,Active,", ",Bluewater Logistics Inc,,")))
    assert (r["rows_loaded"], r["rows_quarantined"]) == (6, 1)
    assert [e["row"] for e in r["errors"]] == [6] and "'Pending'" in r["errors"][0]["reason"]
    assert r["row_rules"]["agreements_without_status_counted"] == 1
    assert any("without a status" in w for w in r["warnings"]), r["warnings"]
    got = clients(db)
    assert "harbor dental group" not in got
    assert dec(got["bluewater logistics inc"][0]) == Decimal("1800.00")


def test_several_agreements_without_a_status_column_wait_for_one(tmp_path: Path) -> None:
    """No `agreementStatus` column: which of Acme's agreements are active is unknown, so none of them loads (the
    cancelled flag alone cannot tell an expired agreement); single-agreement clients load, and that is said."""
    src = list(csv.reader(FIXTURE.open(encoding="utf-8", newline="")))
    i = src[0].index("agreementStatus")
    out = tmp_path / "agreements.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([row[:i] + row[i + 1:] for row in src])
    db, r = load(tmp_path, out)
    assert sorted(e["row"] for e in r["errors"]) == ACME_ROWS
    assert all("no agreement status column" in e["reason"] for e in r["errors"])
    got = clients(db)
    assert "acme dental llc" not in got
    assert got["northwind legal"][1] == "churned"  # cancelledFlag True


# --- a plain clients file: one row per client -------------------------------------------------------------------


def ingest_plain(tmp_path: Path, name: str, text: str) -> tuple[Path, dict[str, Any]]:
    db = tmp_path / "moat.duckdb"
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    done = moat(db, "ingest", str(path), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    return db, json.loads(done.stdout)["files"][0]


def test_a_clients_file_naming_a_client_twice_with_different_values_loads_neither(tmp_path: Path) -> None:
    """Acme Dental twice with different fees and segments: both rows wait, naming the client and both values (the
    file does not say which is right; before, the first row's 2400.00 loaded). An exact repeat of Bluewater stays
    an ordinary duplicate: one loads."""
    db, r = ingest_plain(tmp_path, "clients.csv",
                         "client_name,segment,agreement_type,monthly_fee,status\n"
                         "Acme Dental,healthcare,managed,2400,active\n"
                         "Bluewater,logistics,managed,1800,active\n"
                         "Acme Dental,legal,managed,100.00,active\n"
                         "Bluewater,logistics,managed,1800,active\n"
                         "Cedar Law,legal,block,900,active\n")
    assert r["dataset"] == "clients"
    assert (r["rows_read"], r["rows_loaded"], r["rows_quarantined"]) == (5, 2, 3)
    reasons = {e["row"]: e["reason"] for e in r["errors"]}
    assert sorted(reasons) == [2, 4, 5]
    for row in (2, 4):
        assert "Acme Dental" in reasons[row] and "2400.00 / 100.00" in reasons[row] and "healthcare / legal" in reasons[row]
    assert "duplicate of row 3" in reasons[5]
    fees = {key(n): dec(f) for n, f in sql(db, "SELECT client_name, monthly_fee FROM cur_clients")}
    assert fees == {"bluewater": Decimal("1800"), "cedar law": Decimal("900")}


def test_a_technicians_file_naming_a_technician_twice_with_different_costs_loads_neither(tmp_path: Path) -> None:
    db, r = ingest_plain(tmp_path, "technicians.csv",
                         "technician_name,hourly_cost,role\nDana Reyes,55,engineer\nSam Ortiz,48,engineer\nDana Reyes,65,engineer\n")
    assert r["dataset"] == "technicians"
    assert (r["rows_loaded"], r["rows_quarantined"]) == (1, 2)
    assert all("Dana Reyes" in e["reason"] and "55.00 / 65.00" in e["reason"] for e in r["errors"]), r["errors"]
    assert [n for (n,) in sql(db, "SELECT technician_name FROM cur_technicians")] == ["Sam Ortiz"]
