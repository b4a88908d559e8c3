"""Review h34 D2: a corrected re-export WITH ids (invoice numbers, entry ids, licence lines) that lacks rows of its
span warns naming --replace-range, as the id-less case does; with --replace-range the current data is the correction.

Real CSV files from tests/fixtures/h36 (the reviewer's r01/rt01/rl01) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h36"

CASES = [  # first load, corrected re-export, its span, SQL of the current total, before (stale row kept), right
    ("d2_r01a_inv.csv", "d2_r01b_inv_corrected.csv", ("2026-06-01", "2026-06-03"), "r01a_inv.csv",
     "select sum(amount) from cur_invoices", 3800.0, 3500.0),
    ("d2_rt01a_time_ids.csv", "d2_rt01b_time_ids_corrected.csv", ("2026-09-01", "2026-09-02"), "rt01a_time_ids.csv",
     "select sum(hours) from cur_time_entries", 6.5, 5.5),
    ("d2_rl01a_lic.csv", "d2_rl01b_lic_corrected.csv", ("2026-09-01", "2026-09-01"), "rl01a_lic.csv",
     "select sum(seats_purchased * unit_cost) from cur_licenses", 2180.0, 2160.0),
]


def ingest(db: Path, *args: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", "--json", *args],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)["files"][0]


def total(db: Path, sql: str) -> float:
    with duckdb.connect(str(db), read_only=True) as con:
        return float(con.sql(sql).fetchall()[0][0])


@pytest.mark.parametrize(("first", "second", "span", "first_name", "sql", "stale", "right"), CASES)
def test_corrected_reexport_with_ids_warns(tmp_path: Path, first: str, second: str, span: tuple[str, str],
                                           first_name: str, sql: str, stale: float, right: float) -> None:
    db = tmp_path / "m.duckdb"
    ingest(db, str(FIX / first))
    f = ingest(db, str(FIX / second))
    warned = [w for w in f["warnings"] if w.startswith("possible re-export")]
    assert warned == [
        f"possible re-export: 2 of its {f['rows_loaded']} rows have the ids of rows already loaded from d2_{first_name}, "
        f"and 1 current row(s) of {span[0]}..{span[1]} are not in this file: they stay current (a document or entry "
        f"the correction removed still counts). If this file is the full truth for that period, roll this load back "
        f"(`moat snapshots rollback` its snapshot) and load it again with --replace-range {span[0]} {span[1]}"]
    assert total(db, sql) == stale  # warned, not changed: the user decides


@pytest.mark.parametrize(("first", "second", "span", "first_name", "sql", "stale", "right"), CASES)
def test_replace_range_named_by_the_warning_loads_the_correction(
        tmp_path: Path, first: str, second: str, span: tuple[str, str], first_name: str, sql: str, stale: float,
        right: float) -> None:
    db = tmp_path / "m.duckdb"
    ingest(db, str(FIX / first))
    f = ingest(db, "--replace-range", span[0], span[1], str(FIX / second))
    assert not [w for w in f["warnings"] if w.startswith("possible re-export")]
    assert total(db, sql) == right


def test_reexport_with_every_loaded_id_does_not_warn(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    ingest(db, str(FIX / "d2_r01a_inv.csv"))
    f = ingest(db, str(FIX / "d2_r01c_inv_superset.csv"))  # R-1..R-3 again (R-2 corrected) and a new R-5
    assert not [w for w in f["warnings"] if w.startswith("possible re-export")]
    assert total(db, "select sum(amount) from cur_invoices") == 3900.0
