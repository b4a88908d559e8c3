"""Review h34 D3: month sheets plus an "All" sheet of the same rows must not load every row twice.

Real .xlsx files from tests/fixtures/h36 (make_fixtures.py) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h36"


def ingest(db: Path, *args: str) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", "--json", *args],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    return proc.returncode, json.loads(proc.stdout)["files"][0]


def per_client(db: Path) -> dict[str, float]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.sql("select client_name, sum(amount) from cur_invoices where is_current group by 1").fetchall()
    return {name: float(total) for name, total in rows}


def test_all_sheet_repeating_the_months_is_left_out(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "d3_sheets_plus_all.xlsx"))
    assert rc == 0
    assert f["rows_read"] == 4 and f["rows_loaded"] == 4 and f["totals"] == {"amount": "6200.00", "documents": 4}
    assert f["sheet"] == "Jan (rows 2-3) + Feb (rows 4-5 = its rows 2-3)"
    assert f["warnings"][0] == ("sheet 'All' was not loaded: its 4 rows are exactly the rows of the other sheets "
                                "(Jan, Feb) together, and would count twice; to load only it, name it: --sheet 'All'")
    assert per_client(db) == {"Summit Capital": 2100.0, "Harbor Logistics": 4100.0}


def test_all_sheet_loads_alone_when_named(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, "--sheet", "All", str(FIX / "d3_sheets_plus_all.xlsx"))
    assert rc == 0 and f["sheet"] == "All" and f["totals"]["amount"] == "6200.00"


def test_summary_sheet_that_is_not_the_union_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "d3_sheets_plus_summary_differs.xlsx"))
    assert rc == 2 and f["rejected"] is True
    reason = f["errors"][0]["reason"]
    assert "'Summary' looks like a total of the others" in reason and "--sheet NAME" in reason
    if db.exists():
        with duckdb.connect(str(db), read_only=True) as con:
            assert con.sql("select count(*) from cur_invoices").fetchall() == [(0,)]
