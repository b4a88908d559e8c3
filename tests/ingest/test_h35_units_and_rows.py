"""Review h34: internal time is never billable (D14), licence Cost as line total (D7), Hours + Minutes columns (D6),
a neutral Duration in minutes (D1). Each test loads a file under tests/fixtures/h35 through the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h35"


def _moat(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "moat", "--db", str(db), *args],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=300)


def _ingest(db: Path, *args: str) -> tuple[int, dict]:
    proc = _moat(db, "ingest", "--json", *args)
    return proc.returncode, json.loads(proc.stdout) if proc.stdout.strip() else {"stderr": proc.stderr}


def test_d14_connectwise_charge_code_time_is_worked_not_billable(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out = _ingest(db, str(FIX / "cw_chargecode.csv"))
    assert rc == 0, out
    f = out["files"][0]
    assert f["row_rules"]["internal_time"] == 1
    assert f["totals"] == {"hours": "3.00", "billable_hours": "1.00", "entries": 2}
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.sql("select entry_id, client_name, billable from cur_time_entries where is_current order by entry_id").fetchall()
    assert rows == [("801", None, False), ("802", "Summit Capital", True)]
    proc = _moat(db, "metrics", "utilization", "--from", "2026-04-06", "--to", "2026-04-06", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    [u] = json.loads(proc.stdout)
    assert (float(u["billable_hours"]), float(u["worked_hours"])) == (1.0, 3.0)
    assert u["billable_utilization"] == 0.125


def test_d14_autotask_owner_company_time_is_not_billable(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out = _ingest(db, str(FIX / "at_TimeEntries.csv"), "--lookup", str(FIX / "at_Resources.csv"),
                      "--lookup", str(FIX / "at_Tickets2.csv"), "--lookup", str(FIX / "at_Companies.csv"))
    assert rc == 0, out
    f = out["files"][0]
    assert f["row_rules"]["internal_time"] == 1
    assert f["totals"] == {"hours": "5.50", "billable_hours": "1.50", "entries": 3}
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.sql("select entry_id, client_name, billable from cur_time_entries where is_current order by entry_id").fetchall()
    assert rows == [("5001", "Summit Capital", True), ("5002", "Harbor Logistics", False), ("5004", None, False)]
