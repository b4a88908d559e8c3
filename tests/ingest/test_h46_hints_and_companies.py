"""Review h41 D12, D28, D13, D30: a refusal's hint names the right column (by what its name says, never an id or a
minutes column as hours), numeric billable hours can be mapped, and a company list of several kinds is no clients file.

Files under tests/fixtures/h46 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h46"


def ingest(db: Path, name: str, *extra: str) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", str(FIX / name), "--json",
                           "--no-confirm-new-names", *extra], capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    return proc.returncode, json.loads(proc.stdout)["files"][0]


def hours(db: Path) -> tuple[float, float]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql("select sum(hours)::double, sum(case when billable then hours else 0 end)::double "
                       "from cur_time_entries").fetchall()[0]


def test_d12_minutes_column_is_offered_as_minutes(tmp_path: Path) -> None:
    rc, f = ingest(tmp_path / "a.duckdb", "f41_syncro_ticket_time_entry.csv")
    assert rc == 2
    reason = f["errors"][0]["reason"]
    assert "`Actual Minutes` looks like one" in reason and '{"Actual Minutes": minutes}' in reason
    assert '"Actual Minutes": hours' not in reason


def test_d12_minutes_header_mapped_as_hours_is_refused(tmp_path: Path) -> None:
    """The old hint's mapping (Actual Minutes -> hours) loaded 15 minutes as 15.00 h; now refused, nothing written."""
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, "f41_syncro_ticket_time_entry.csv", "--mapping", str(FIX / "f41_map_from_hint.yaml"))
    assert rc == 2 and f["rejected"]
    assert "`Actual Minutes` is mapped to hours, but its header says it is in minutes" in f["errors"][0]["reason"]
    rc, f = ingest(db, "f41_syncro_ticket_time_entry.csv", "--mapping", str(FIX / "f41_map_minutes.yaml"))
    assert rc == 0 and f["rows_loaded"] == 3
    assert hours(db)[0] == 3.75  # 90 + 15 + 120 minutes


def test_d28_partner_id_is_never_offered_as_money(tmp_path: Path) -> None:
    # h71 (h69 D13): the legacy file loads as the Partner Center source with Subtotal as the cost (UnitPrice is the
    # list price, the old hint's +36%): Acme 200.00 - 20.65 (credit netted) + Bluewater 6 x 4.00 = 203.35
    rc, f = ingest(tmp_path / "m.duckdb", "f75_pc_legacy_license_recon.csv")
    assert rc == 0 and f["source"] == "partner_center_recon" and f["totals"]["cost"] == "203.35"
    assert "MpnId" in " ".join(f["warnings"])  # never read: a column not used


def test_d13_hint_names_total_hours(tmp_path: Path) -> None:
    """Kaseya BMS time logs load by their Total Hours (5.75 h); no hint ever offers Non-Billable Hours as hours."""
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, "f44_kaseya_bms_timelogs.csv")
    assert rc == 0 and f["rows_loaded"] == 4 and f["source"] == "kaseya_bms_time"
    assert hours(db)[0] == 5.75


def test_d13_billable_hours_can_be_mapped_and_generic_file_loads(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, "f44_kaseya_bms_timelogs.csv", "--mapping", str(FIX / "f44_map_billable_hours.yaml"))
    assert rc == 0 and f["rows_loaded"] == 4
    # h71 (h69 D2): the 3.00 h entry with 2.00 billable loads as 2.00 billable + 1.00 not billable, as sources do
    assert hours(db) == (5.75, 4.0) and f["row_rules"]["partly_billable_split"] == 1
    db2 = tmp_path / "g.duckdb"
    rc, f = ingest(db2, "f45_time_billable_nonbillable_cols.csv")
    assert rc == 0 and f["rows_loaded"] == 4
    assert hours(db2)[0] == 5.75


def test_d13_zero_hours_is_not_called_negative(tmp_path: Path) -> None:
    # h71 (h69 D21): the old hint's map reads `Billable Hours` (0.50, 1.50, ...) as the yes/no flag: refused now
    rc, f = ingest(tmp_path / "m.duckdb", "f44_kaseya_bms_timelogs.csv", "--mapping", str(FIX / "f44_map_from_hint.yaml"))
    assert rc == 2 and "`Billable Hours` is read as the billable flag" in f["errors"][0]["reason"]
    rc, f = ingest(tmp_path / "m.duckdb", "f44_kaseya_bms_timelogs.csv", "--mapping",
                   str(FIX.parent / "h71" / "f44_map_zero_hours.yaml"))
    assert rc == 0
    reasons = " | ".join(e["reason"] for e in f["errors"])
    assert "negative hours (0" not in reasons and "hours must be more than 0" in reasons


def test_d30_company_list_with_vendors_and_owner_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, "f80_at_companies_as_clients.csv")
    assert rc == 2 and f["rejected"]
    reason = f["errors"][0]["reason"]
    assert "`companyType` holds company type codes (1, 2, 3, 5)" in reason
    assert "'Northwind IT Services'" in reason and "owner company" in reason and "--lookup" in reason
    if db.exists():
        with duckdb.connect(str(db), read_only=True) as con:
            assert con.sql("select count(*) from cur_clients").fetchall() == [(0,)]


def test_d30_named_vendor_type_is_skipped(tmp_path: Path) -> None:
    """h79 (h74 D7): a row whose type names a vendor is skipped and counted; the customers load (was: refused)."""
    (tmp_path / "c.csv").write_text("Client,Type,Monthly Fee\nAcme Dental,Customer,1200\nDell Technologies,Vendor,0\n")
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(tmp_path / "m.duckdb"), "ingest", str(tmp_path / "c.csv"),
                           "--json", "--no-confirm-new-names"], capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    f = json.loads(proc.stdout)["files"][0]
    assert proc.returncode == 0 and f["rows_loaded"] == 1 and f["rows_skipped"] == 1
    assert any("1 x Vendor (Type): not a client" in w for w in f["warnings"])
    with duckdb.connect(str(tmp_path / "m.duckdb"), read_only=True) as con:
        assert con.sql("select client_name from cur_clients").fetchall() == [("Acme Dental",)]
    (tmp_path / "ok.csv").write_text("Client,Type,Monthly Fee\nAcme Dental,Customer,1200\nBluewater Legal,Customer,800\n")
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(tmp_path / "m.duckdb"), "ingest", str(tmp_path / "ok.csv"),
                           "--json", "--no-confirm-new-names"], capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    assert proc.returncode == 0, proc.stdout


def test_d28_following_the_hint_loads_no_partner_id_and_holds_the_cancel_credit(tmp_path: Path) -> None:
    """The hint's mapping (OfferName, UnitPrice): Acme 10 seats x 20.00 and Bluewater 6 x 4.00 load; the "Prorate
    credit when cancel" row (quantity 2) never adds 2 seats: it waits saying it is a credit."""
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, "f75_pc_legacy_license_recon.csv", "--mapping", str(FIX / "f75_map_following_hint.yaml"))
    assert rc == 0 and f["rows_loaded"] == 2 and f["rows_quarantined"] == 1
    assert f["totals"]["seats_purchased"] == 16 and f["totals"]["cost"] == "224.00"
    assert "a refund or credit charge (ChargeType 'Prorate credit when cancel')" in f["errors"][0]["reason"]
