"""Review h60 F22 (an invoice export re-saved by Excel, leading zeros of its numbers stripped, loaded beside the
original: revenue doubled) and F16 (the same entries from a PSA's API pull with ids and from its grid export
without ids: hours and revenue doubled, in either order).

Real files from tests/fixtures/h62 (README.md there: provenance and hand totals) through `moat ingest --json` into
DuckDB on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h62"


def ingest(db: Path, *args: str) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", "--json", "--no-confirm-new-names",
                           *args], capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    assert proc.stdout, proc.stderr[-3000:]
    return proc.returncode, json.loads(proc.stdout)["files"][0]


def query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(sql).fetchall()


def state(db: Path) -> list[tuple]:
    """Everything a load writes: snapshots and the current rows of the three datasets."""
    return (query(db, "select snapshot_id, file_name, status from snapshots order by 1")
            + query(db, "select row_key, amount from invoices order by all")
            + query(db, "select row_key, hours from time_entries order by all"))


def test_excel_resave_without_leading_zeros_replaces_not_adds(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(FIX / "inv_leading_zeros.csv"))[0] == 0
    rc, f = ingest(db, str(FIX / "inv_leading_zeros_excel_resaved.csv"), "--monthfirst")
    assert rc == 0 and f["rows_loaded"] == 2
    assert any("1045 = 00001045" in w and "leading zeros" in w for w in f["warnings"])
    rows = query(db, "select client_name, amount from cur_invoices order by 1")
    assert [(c, float(a)) for c, a in rows] == [("Acme Dental", 1200.0), ("Harbor Logistics", 850.0)]
    assert float(query(db, "select sum(amount) from cur_invoices")[0][0]) == 2050.0


def test_excel_resave_first_then_original_with_zeros(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(FIX / "inv_leading_zeros_excel_resaved.csv"), "--monthfirst")[0] == 0
    rc, f = ingest(db, str(FIX / "inv_leading_zeros.csv"))
    assert rc == 0
    assert query(db, "select count(*), sum(amount) from cur_invoices")[0] == (2, 2050)


@pytest.mark.parametrize(("first", "second", "what"), [
    ("cw_api_time.csv", "cw_grid_time.csv", "this file has no entry ids"),
    ("cw_grid_time.csv", "cw_api_time.csv", "this file has them"),
])
def test_time_from_api_and_grid_refused_either_order(tmp_path: Path, first: str, second: str, what: str) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(FIX / first))[0] == 0
    before = state(db)
    rc, f = ingest(db, str(FIX / second))
    assert rc == 2
    reason = f["errors"][0]["reason"]
    assert f"3 of its 3 rows are rows already loaded from {first}" in reason and what in reason
    assert "--replace-range 2026-03-02 2026-03-13" in reason
    assert state(db) == before  # a refused load leaves the database as it was
    assert query(db, "select count(*), sum(hours) from cur_time_entries")[0] == (3, 4.5)


@pytest.mark.parametrize(("first", "second"), [("inv_with_numbers.csv", "inv_no_numbers.csv"),
                                               ("inv_no_numbers.csv", "inv_with_numbers.csv")])
def test_invoices_with_and_without_numbers_refused_either_order(tmp_path: Path, first: str, second: str) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(FIX / first))[0] == 0
    before = state(db)
    rc, f = ingest(db, str(FIX / second))
    assert rc == 2 and "invoice numbers" in f["errors"][0]["reason"]
    assert state(db) == before
    assert query(db, "select count(*), sum(amount) from cur_invoices")[0] == (2, 2050)


def test_grid_export_as_replacement_is_the_truth(tmp_path: Path) -> None:
    """The refusal's own fix works: --replace-range over the span replaces the API rows (4.50 h, never 9.00)."""
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(FIX / "cw_api_time.csv"))[0] == 0
    rc, _ = ingest(db, str(FIX / "cw_grid_time.csv"), "--replace-range", "2026-03-02", "2026-03-13")
    assert rc == 0
    assert query(db, "select count(*), sum(hours) from cur_time_entries")[0] == (3, 4.5)
