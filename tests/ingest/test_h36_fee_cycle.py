"""Review h34 D15: a clients file whose `Fee` sits beside a `Billing Cycle` column holds a fee per cycle; the monthly
fee is the fee divided by the cycle's months (as the agreements sources do), or the file is refused.

CSV files from tests/fixtures/h36 through `moat ingest --json` into DuckDB on disk."""

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


def fees(db: Path) -> dict[str, float]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {n: float(f) for n, f in con.sql("select client_name, monthly_fee from cur_clients").fetchall()}


def test_fee_per_cycle_is_made_monthly(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "d15_fee_cycle.csv"))
    assert rc == 0 and f["rows_loaded"] == 3
    assert fees(db) == {"Summit Capital": 1000.0, "Harbor Logistics": 2500.0, "Pioneer Law Partners": 1000.0}
    assert ("'Fee' is per 'Billing Cycle': divided by the cycle's months to a monthly fee (Quarterly / 3, Annual / 12; "
            "One-time: none) on 2 row(s)") in f["warnings"]
    assert not [w for w in f["warnings"] if "columns not used" in w]


def test_unknown_cycle_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "d15_fee_unknown_cycle.csv"))
    assert rc == 2 and f["rejected"] is True
    assert f["errors"][0]["reason"].startswith(
        "d15_fee_unknown_cycle.csv: 'Fee' is an amount per 'Billing Cycle', and row 3 (1 row(s) in all) has billing "
        "cycle 'Fortnightly', which MoatMetrics does not know: its monthly fee cannot be worked out")
    if db.exists():
        with duckdb.connect(str(db), read_only=True) as con:
            assert con.sql("select count(*) from cur_clients").fetchall() == [(0,)]


def test_monthly_fee_header_is_taken_as_monthly(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, _ = ingest(db, str(FIX / "d15_monthly_fee_header.csv"))
    assert rc == 0 and fees(db) == {"Summit Capital": 1000.0}
