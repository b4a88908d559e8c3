"""Value formats (review h28 D13, ...): durations as Excel time cells, "01:30:00", "1h 30m", "PT1H30M"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h33"


def ingest(db: Path, *args: str) -> tuple[int, dict, str]:
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", "--json", *args],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    return proc.returncode, (json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else {}), proc.stderr


def hours_by_client(db: Path) -> dict[str, float]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.sql("select client_name, sum(hours) from cur_time_entries where is_current group by 1").fetchall()
    return {name: round(float(h), 4) for name, h in rows}


def test_d13_excel_duration_cells(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out, err = ingest(db, str(FIX / "durations.xlsx"))
    assert rc == 0, err
    f = out["files"][0]
    assert f["rows_quarantined"] == 0 and f["totals"]["hours"] == "14.58"  # 1:30 + 0:45 + 2:15 + [h]:mm 10:05
    assert hours_by_client(db) == {"Acme Corp": 14.5833}


def test_d13_duration_text_forms(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out, err = ingest(db, str(FIX / "durations.csv"))
    assert rc == 0, err
    f = out["files"][0]
    assert f["rows_quarantined"] == 0
    assert f["totals"] == {"hours": "5.25", "billable_hours": "3.75", "entries": 4}
    assert hours_by_client(db) == {"Acme Corp": 3.0, "Beta Dental": 2.25}
