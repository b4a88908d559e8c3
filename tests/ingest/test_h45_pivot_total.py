"""Review h41 D19: a pivot table beside the data (Excel's "PivotTable on the existing worksheet"): the data row that
shares its line with the pivot's "Grand Total" is a real invoice, loaded; a total is told by the columns fields read.

Workbooks built with openpyxl the way the reviewer's files/f56.py built f57 (tests/fixtures/h45/README.md), loaded
by `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import openpyxl

from tests.ingest.cli_runs import ingest_json as ingest

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h45"
DATA = [("Acme Dental", "1001", date(2026, 3, 2), 1500.00), ("Bluewater Legal", "1002", date(2026, 3, 2), 2250.00),
        ("Acme Dental", "1003", date(2026, 3, 16), 437.50), ("Bluewater Legal", "1004", date(2026, 3, 23), 379.98)]


def revenue(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql("select client_name, count(*), sum(amount)::DOUBLE from cur_invoices group by 1 order by 1").fetchall()


def test_reviewer_file_loads_every_invoice(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f57_xlsx_table_plus_pivot.xlsx"))
    assert rc == 0 and f["rows_loaded"] == 4 and f["rows_skipped"] == 0
    assert f["totals"]["amount"] == "4567.48"
    # by hand: Acme 1500.00 + 437.50 = 1937.50; Bluewater 2250.00 + 379.98 = 2629.98
    assert revenue(db) == [("Acme Dental", 2, 1937.5), ("Bluewater Legal", 2, 2629.98)]


def test_pivot_longer_than_the_data_and_a_real_total_row(tmp_path: Path) -> None:
    """Three invoices, the pivot's three lines beside them, then the data's own TOTAL row: that one is skipped."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Customer", "Invoice No", "Invoice Date", "Amount", None, "Row Labels", "Sum of Amount"])
    pivot = [("Acme Dental", 1500.0), ("Bluewater Legal", 2629.98), ("Grand Total", 4129.98)]
    rows = [DATA[0], DATA[1], DATA[3]]
    for (c, n, d, a), (label, s) in zip(rows, pivot, strict=True):
        ws.append([c, n, d, a, None, label, s])
    ws.append(["TOTAL", None, None, 4129.98])
    path = tmp_path / "pivot.xlsx"
    wb.save(path)
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(path))
    assert rc == 0 and f["rows_loaded"] == 3 and f["rows_skipped"] == 1
    assert revenue(db) == [("Acme Dental", 1, 1500.0), ("Bluewater Legal", 2, 2629.98)]
