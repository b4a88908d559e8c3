"""Review h34 D8: an Ingram Micro annual prepaid line is spread per month for cost AND price (both per seat per month).

The reviewer's Ingram cloud marketplace billing file (tests/fixtures/h36/d8_ingram.csv) through `moat ingest --json`."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h36"


def test_annual_line_price_and_cost_per_month(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", "--json", str(FIX / "d8_ingram.csv")],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    assert proc.returncode == 0, proc.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        got = con.sql("select client_name, seats_purchased, unit_cost, unit_price from cur_licenses order by 1").fetchall()
    assert got == [("Harbor Logistics", 50, Decimal("11.2500"), Decimal("12.5000")),  # a monthly line: as written
                   ("Summit Capital", 20, Decimal("21.1200"), Decimal("22.0000"))]  # 253.44 / 12, 264.00 / 12
