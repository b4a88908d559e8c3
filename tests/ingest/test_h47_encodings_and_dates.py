"""Review h41 D23 (Excel for Mac "CSV (Macintosh)" read as cp1252) and D27 (`--dayfirst` for a batch overriding a
file whose own dates prove month-first).

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


def ingest_all(db: Path, *args: str) -> tuple[int, list[dict]]:
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", "--json", "--no-confirm-new-names",
                           *args], capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    return proc.returncode, json.loads(proc.stdout)["files"]


def ingest(db: Path, *args: str) -> tuple[int, dict]:
    rc, files = ingest_all(db, *args)
    return rc, files[0]


def query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(sql).fetchall()


# --- D23 -------------------------------------------------------------------------------------------------------------


def test_mac_roman_csv_is_read_as_mac_roman(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f63_mac_roman.csv"))
    assert rc == 0 and f["encoding"] == "mac-roman" and f["rows_loaded"] == 3
    assert sorted(f["new_clients"]) == ["Café Müller", "Zürich Dental AG", "École Sainte-Anne"]
    got = {c: float(a) for c, a in query(db, "select client_name, sum(amount) from invoices where is_current group by 1")}
    assert got == {"Café Müller": 100.0, "École Sainte-Anne": 200.0, "Zürich Dental AG": 300.0}


def test_mac_roman_names_match_the_known_clients(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(FIX / "f63_clients_utf8.csv"))[0] == 0
    rc, f = ingest(db, str(FIX / "f63_mac_roman.csv"))
    assert rc == 0 and f["rows_loaded"] == 3 and f["rows_quarantined"] == 0 and f["new_clients"] == []
    assert query(db, "select count(*) from aliases") == [(0,)]


def test_cp1252_with_accents_and_curly_apostrophe_stays_cp1252(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "d23_cp1252_crlf.csv"))
    assert rc == 0 and f["encoding"] == "cp1252"
    assert sorted(f["new_clients"]) == ["Müller GmbH", "O’Brien Accounting"]
