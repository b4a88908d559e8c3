"""Workbooks people keep (review h28 D17, D4, D18, D23, D33): which sheets, columns and cells are the data.

Every test loads a real .xlsx from tests/fixtures/h33 (built by make_fixtures.py there) through `moat ingest --json`
into DuckDB on disk and checks the numbers by client, or the exact refusal and an untouched database."""

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


def per_client(db: Path, table: str = "cur_invoices", value: str = "amount") -> dict[str, float]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.sql(f"select client_name, sum({value}) from {table} where is_current group by 1").fetchall()
    return {name: float(total) for name, total in rows}


def test_d17_hidden_sheet_is_not_data(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out, _ = ingest(db, str(FIX / "hidden_sheet.xlsx"))
    assert rc == 0
    f = out["files"][0]
    assert f["sheet"] == "Invoices" and f["rows_loaded"] == 3 and f["totals"]["amount"] == "300.00"
    assert per_client(db) == {"Acme Corp": 200.0, "Beta Dental": 100.0}


def test_d17_hidden_sheet_loads_when_named(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out, _ = ingest(db, "--sheet", "Old 2025", str(FIX / "hidden_sheet.xlsx"))
    assert rc == 0 and out["files"][0]["totals"]["amount"] == "9990.00"


def test_d4_every_sheet_of_the_same_columns_loads(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out, _ = ingest(db, str(FIX / "sheet_per_month.xlsx"))
    assert rc == 0
    f = out["files"][0]
    assert f["rows_loaded"] == 5 and f["totals"] == {"amount": "3250.00", "documents": 5}
    assert f["sheet"] == "Jan 2026 (rows 2-3) + Feb 2026 (rows 4-6 = its rows 3-5)"
    assert per_client(db) == {"Acme Corp": 2000.0, "Beta Dental": 1000.0, "Gamma Ltd": 250.0}


def test_d4_sheet_flag_still_loads_one(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out, _ = ingest(db, "--sheet", "Jan 2026", str(FIX / "sheet_per_month.xlsx"))
    assert rc == 0 and out["files"][0]["totals"]["amount"] == "1500.00"


def test_d18_hidden_twin_column_is_not_read(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out, _ = ingest(db, str(FIX / "hidden_dup_column.xlsx"))
    assert rc == 0
    f = out["files"][0]
    assert f["totals"]["amount"] == "630.00" and f["source_columns"]["Amount"] == "amount"
    assert per_client(db) == {"Acme Corp": 630.0}


def test_d23_merged_client_cells_fill_down(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out, _ = ingest(db, str(FIX / "merged_client.xlsx"))
    assert rc == 0
    f = out["files"][0]
    assert f["rows_loaded"] == 5 and f["rows_quarantined"] == 0
    assert per_client(db) == {"Acme Corp": 600.0, "Beta Dental": 900.0}


def test_d33_formulas_without_saved_values_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, _, _ = ingest(db, str(FIX / "hidden_sheet.xlsx"))
    assert rc == 0
    before = per_client(db)
    rc, out, err = ingest(db, str(FIX / "formula_nocache.xlsx"))
    assert rc == 2
    reason = out["files"][0]["errors"][0]["reason"] if out else err
    assert "sheet 'Invoices' has 2 formula cells without a saved value (e.g. F2, F3)" in reason
    assert "open the workbook in Excel (or LibreOffice) and save it" in reason
    assert per_client(db) == before


def test_d17_only_hidden_sheets_hold_rows_is_refused_naming_them(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Cover"
    wb.active.append(["Monthly report"])
    data = wb.create_sheet("Data")
    data.append(["Customer", "Invoice No", "Date", "Amount"])
    data.append(["Acme Corp", "D1", "2026-03-02", 100])
    data.sheet_state = "hidden"
    wb.save(tmp_path / "hidden_only.xlsx")
    db = tmp_path / "m.duckdb"
    rc, out, err = ingest(db, str(tmp_path / "hidden_only.xlsx"))
    assert rc == 2
    reason = out["files"][0]["errors"][0]["reason"] if out else err
    assert "the visible sheets hold no rows; hidden sheets are not read unless named: Data" in reason
    assert "--sheet NAME" in reason
    rc, out, err = ingest(db, "--sheet", "Data", str(tmp_path / "hidden_only.xlsx"))
    assert rc == 0 and out["files"][0]["totals"]["amount"] == "100.00"
