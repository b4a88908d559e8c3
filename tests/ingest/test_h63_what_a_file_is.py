"""Review h60 F15, F2, F10, F21: what a file is (a vendor list is costs, a device list is no clients file), refusals
that name the right source and a fix the user can do, and `--client` for a report whose client is in its title.

Files under tests/fixtures/h63 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h63"


def ingest(db: Path, name: str, *extra: str) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", str(FIX / name), "--json",
                           "--no-confirm-new-names", *extra], capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    return proc.returncode, json.loads(proc.stdout)["files"][0]


def rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(sql).fetchall()


def test_f15_vendor_transactions_are_refused_as_sales_naming_costs(tmp_path: Path) -> None:
    """A QuickBooks vendor / expense transaction list was refused as a Sales by Customer Detail asking to remove its
    rows; following that hint loaded nothing with exit 0. It is refused saying it is a costs file."""
    for name in ("qbo_vendor_txns.csv", "qbo_vendor_txns_followed_hint.csv"):
        db = tmp_path / f"{name}.duckdb"
        rc, f = ingest(db, name)
        assert rc == 2 and f["rows_loaded"] == 0, name
        reason = f["errors"][0]["reason"]
        assert "this is a costs file" in reason and "--dataset costs" in reason, name
        assert "Sales by Customer Detail" not in reason and "remove those rows" not in reason, name


def test_f15_costs_skip_bill_payments_and_count_vendor_credits_negative(tmp_path: Path) -> None:
    """Acme Dental: bill 1,450.00 - vendor credit 450.00 = 1,000.00; Harbor Logistics: check 600.00; overhead: Comcast
    expense 120.00. The bill payment of 1,000.00 pays bill B-881 (already a cost): skipped. 1,720.00 (was 2,720.00)."""
    db = tmp_path / "c.duckdb"
    rc, f = ingest(db, "qbo_vendor_txns.csv", "--dataset", "costs")
    assert rc == 0 and f["dataset"] == "costs" and f["rows_loaded"] == 4 and f["rows_skipped"] == 1
    assert f["totals"]["amount"] == "1720.00"
    got = rows(db, "select coalesce(client_name, '(overhead)'), sum(amount)::double from cur_costs group by 1 order by 1")
    assert got == [("(overhead)", 120.0), ("Acme Dental", 1000.0), ("Harbor Logistics", 600.0)]


def test_f10_device_list_is_no_clients_file(tmp_path: Path) -> None:
    """NinjaOne devices (Organization, Location, Display Name, Device Type, OS Name, Last Contact ...) loaded 2
    clients from `Organization` alone and held the 3rd device as a duplicate client. Refused; nothing written."""
    db = tmp_path / "n.duckdb"
    rc, f = ingest(db, "ninja_devices.csv")
    assert rc == 2 and f["rows_loaded"] == 0
    reason = f["errors"][0]["reason"]
    assert "only `Organization` reads as a clients field" in reason and "not a clients list" in reason
    assert not db.exists() or rows(db, "select count(*) from cur_clients") == [(0,)]
