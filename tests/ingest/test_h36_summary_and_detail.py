"""Review h34 D12: QuickBooks Sales by Customer Summary and the invoices of the same period are the same money;
whichever is loaded second is refused naming the snapshot that holds the period's revenue (nothing written).

The reviewer's QuickBooks Online report exports (tests/fixtures/h36) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h36"
SUMMARY, DETAIL = FIX / "d12_qbo_summary_april.csv", FIX / "d12_qbo_detail_april.csv"


def ingest(db: Path, *args: str) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", "--json", *args],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    return proc.returncode, json.loads(proc.stdout)["files"][0]


def state(db: Path) -> tuple[list[tuple], list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        per_client = con.sql("select client_name, sum(amount)::DOUBLE from cur_invoices group by 1 order by 1").fetchall()
        snaps = con.sql("select snapshot_id, file_name from snapshots order by 1").fetchall()
    return per_client, snaps


def test_detail_after_summary_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(SUMMARY))[0] == 0
    before = state(db)
    assert before[0] == [("Harbor Logistics", 2000.0), ("Riverbend Family Clinic", 750.0), ("Summit Capital", 1500.0)]
    rc, f = ingest(db, str(DETAIL))
    assert rc == 2 and f["rejected"] is True
    assert f["errors"][0]["reason"] == (
        "d12_qbo_detail_april.csv: this file is invoice documents for 2026-04-15..2026-04-15, and the revenue of that "
        "period is already loaded from a summary report (one total per customer): snapshot 1 (d12_qbo_summary_april.csv, "
        "QuickBooks Online Sales by Customer Summary, 2026-04-01..2026-04-30: 4 row(s), 4,250.00). Both are the same "
        "money and would count twice; nothing was loaded\nHint: keep one report per period: roll the other back "
        "(`moat snapshots rollback 1`) and load this file again, or load this file with --replace-range 2026-04-01 "
        "2026-04-30 to make it the period's revenue")
    assert state(db) == before


def test_summary_after_detail_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(DETAIL))[0] == 0
    before = state(db)
    assert before[0] == [("Harbor Logistics", 2000.0), ("Summit Capital", 1500.0)]
    rc, f = ingest(db, str(SUMMARY))
    assert rc == 2
    reason = f["errors"][0]["reason"]
    assert "this file is a summary report (one total per customer) for 2026-04-01..2026-04-30" in reason
    assert "snapshot 1 (d12_qbo_detail_april.csv, QuickBooks Online Sales by Customer Detail" in reason
    assert state(db) == before


def test_replace_range_named_by_the_refusal_makes_the_detail_the_revenue(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(SUMMARY))[0] == 0
    rc, _ = ingest(db, "--replace-range", "2026-04-01", "2026-04-30", str(DETAIL))
    assert rc == 0
    assert state(db)[0] == [("Harbor Logistics", 2000.0), ("Summit Capital", 1500.0)]
