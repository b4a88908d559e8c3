"""Review h34 D5: rows an Excel filter hides are not loaded (warned, counted); rows hidden without a filter load
with a warning naming them. Real .xlsx files (tests/fixtures/h36/make_fixtures.py) through `moat ingest --json`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h36"


def ingest(db: Path, *args: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", "--json", *args],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)["files"][0]


def per_client(db: Path) -> dict[str, float]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.sql("select client_name, sum(amount) from cur_invoices group by 1").fetchall()
    return {n: float(t) for n, t in rows}


def test_rows_filtered_out_are_not_loaded(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    f = ingest(db, str(FIX / "d5_filtered_rows.xlsx"))
    assert f["rows_loaded"] == 2 and f["totals"] == {"amount": "3000.00", "documents": 2}
    assert ("sheet 'Sheet': 1 row(s) hidden by the sheet's filter were not loaded (row(s) 2): what the filter shows "
            "is what loads; to load them, clear the filter in Excel, save, and load again") in f["warnings"]
    assert per_client(db) == {"Summit Capital": 1000.0, "Harbor Logistics": 2000.0}


def test_rows_hidden_by_hand_load_with_a_warning(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    f = ingest(db, str(FIX / "d5_hidden_rows_no_filter.xlsx"))
    assert f["rows_loaded"] == 3 and f["totals"]["amount"] == "3999.00"
    assert ("sheet 'Sheet': 1 hidden row(s) were loaded (row(s) 2), though Excel does not show them: if they are not "
            "data, delete them and load again") in f["warnings"]
