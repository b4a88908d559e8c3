"""Vendor reports (review h28 D22, D27): QuickBooks' whole-month period line, an Autotask UI export cut at its cap."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h33"
AUTOTASK_UI = "Time Entry ID,Resource,Account,Date Worked,Hours Worked,Hours to Bill,Work Type,Summary Notes\n"


def ingest(db: Path, *args: str) -> tuple[int, dict, str]:
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", "--json", *args],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    return proc.returncode, (json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else {}), proc.stderr


def test_d22_qbo_summary_whole_month_period_line(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out, err = ingest(db, str(FIX / "qbo_summary.csv"))
    assert rc == 0, err
    f = out["files"][0]
    assert f["totals"] == {"amount": "7400.00", "documents": 2}
    assert any("2026-01-01..2026-03-31" in w for w in f["warnings"])
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.sql("select client_name, date::varchar, amount::double from cur_invoices order by 1").fetchall()
    assert rows == [("Acme Corp", "2026-03-31", 3500.0), ("Beta Dental", "2026-03-31", 3900.0)]


def _autotask(path: Path, n: int) -> Path:
    lines = [f"{100000 + i},Ann Lee,Client {i % 7},03/{1 + i % 28:02d}/2026,1.0,1.0,Remote,n\n" for i in range(n)]
    path.write_text(AUTOTASK_UI + "".join(lines), encoding="utf-8")
    return path


def test_d27_autotask_ui_export_of_exactly_the_cap_is_flagged(tmp_path: Path) -> None:
    rc, out, err = ingest(tmp_path / "a.duckdb", str(_autotask(tmp_path / "at_5000.csv", 5000)))
    assert rc == 0, err
    f = out["files"][0]
    assert f["source"] == "autotask_time_ui" and f["totals"]["hours"] == "5000.00"
    assert ("5,000 rows: exactly the most that Autotask (Datto PSA)'s time entries (UI export) holds, so the export was "
            "probably cut off; export shorter periods (e.g. by week) and load each") in f["warnings"]
    rc, out, err = ingest(tmp_path / "b.duckdb", str(_autotask(tmp_path / "at_4999.csv", 4999)))
    assert rc == 0, err
    assert not any("cut off" in w for w in out["files"][0]["warnings"])
