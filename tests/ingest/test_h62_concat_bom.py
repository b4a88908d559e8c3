"""Review h60 F14: two CSV exports each saved with a byte-order mark and joined (`copy /b jan.csv+feb.csv all.csv`):
the second header line starts with U+FEFF and loaded as a client "\\ufeffClient" (clients file) or waited in the
quarantine as a data row (invoice file) instead of being skipped as the header repeated."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h62"


def ingest(db: Path, *args: str) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", "--json", "--no-confirm-new-names",
                           *args], capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    return proc.returncode, json.loads(proc.stdout)["files"][0]


def test_concatenated_clients_files_second_header_is_skipped(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "clients_concat_bom.csv"))
    assert rc == 0 and f["dataset"] == "clients"
    assert (f["rows_read"], f["rows_loaded"], f["rows_skipped"], f["rows_quarantined"]) == (3, 2, 1, 0)
    assert any("repeated header" in w for w in f["warnings"])
    with duckdb.connect(str(db), read_only=True) as con:
        names = sorted(r[0] for r in con.sql("select client_name from cur_clients").fetchall())
    assert names == ["Acme Dental", "Harbor Logistics"]


def test_concatenated_invoice_files_second_header_is_skipped_not_quarantined(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "janfeb_concat_bom.csv"))
    assert rc == 0
    assert (f["rows_loaded"], f["rows_skipped"], f["rows_quarantined"]) == (4, 1, 0)
    assert f["totals"]["amount"] == "4200.00"
