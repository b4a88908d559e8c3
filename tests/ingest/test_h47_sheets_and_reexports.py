"""Review h41 D4 (a copied worksheet loaded on top of its original) and D15 (a time export re-exported with a Notes
column added loads every id-less entry a second time).

Real files from tests/fixtures/h47 (README.md there: provenance and hand totals) through `moat ingest --json` into
DuckDB on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h47"


def ingest(db: Path, *args: str) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", "--json", "--no-confirm-new-names",
                           *args], capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    return proc.returncode, json.loads(proc.stdout)["files"][0]


def hours(db: Path) -> dict[tuple[str, str, str], float]:
    """Current hours per (month, client, technician)."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.sql("select strftime(date, '%Y-%m'), client_name, technician_name, sum(hours) from time_entries "
                       "where is_current group by all").fetchall()
    return {(m, c, t): round(float(h), 2) for m, c, t, h in rows}


def count(db: Path, sql: str) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(sql).fetchall()[0][0]


# --- D4 --------------------------------------------------------------------------------------------------------------


def test_copied_sheet_loads_once_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f27_xlsx_sheet_copied.xlsx"))
    assert rc == 0
    assert f["rows_read"] == 5 and f["rows_loaded"] == 5
    assert f["totals"]["hours"] == "8.50" and f["totals"]["entries"] == 5
    assert f["sheet"] == "Feb 2026 (rows 2-3) + Mar 2026 (rows 4-6 = its rows 2-4)"
    assert f["warnings"][0] == ("sheet 'Mar 2026 (2)' was not loaded: its 3 rows are exactly the rows of sheet 'Mar 2026' "
                                "(a copied sheet), and would count twice; to load only it, name it: --sheet 'Mar 2026 (2)'")
    assert hours(db) == {("2026-02", "Acme Dental", "Ann Lee"): 2.0, ("2026-02", "Bluewater Legal", "John Smith"): 1.5,
                         ("2026-03", "Acme Dental", "Ann Lee"): 1.5, ("2026-03", "Acme Dental", "John Smith"): 3.0,
                         ("2026-03", "Bluewater Legal", "Ann Lee"): 0.5}


def test_copied_sheet_named_alone_loads_alone(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, "--sheet", "Mar 2026 (2)", str(FIX / "f27_xlsx_sheet_copied.xlsx"))
    assert rc == 0 and f["sheet"] == "Mar 2026 (2)" and f["totals"]["hours"] == "5.00"


def test_edited_copy_of_a_sheet_is_refused_naming_both(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "d4_sheet_copy_edited.xlsx"))
    assert rc == 2 and f["rejected"] is True and f["rows_loaded"] == 0
    reason = f["errors"][0]["reason"]
    assert "'Mar 2026 (2)' is named as a copy of 'Mar 2026'" in reason
    assert "--sheet 'Mar 2026 (2)' (or --sheet 'Mar 2026')" in reason
    if db.exists():
        assert count(db, "select count(*) from time_entries") == 0
