"""Generators for ingest fixtures: files are built by the tests, so each case says exactly what it holds."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

CW_HEADER = ["Time Entry ID", "Member", "Company", "Date Start", "Hours Actual", "Billable Option", "Work Type", "Notes"]
CW_ROWS = [
    ["1", "Priya Shah", "Acme Corp.", "10/31/2026", "1.5", "Billable", "helpdesk", "reset password"],
    ["2", "Tom Becker", "Bluewater Inc", "10/30/2026", "2", "DoNotBill", "onsite", "printer, tray 2"],
    ["3", "Tom Becker", "Bluewater Inc", "10/13/2026", "0.5", "NoCharge", "helpdesk", 'said "urgent"'],
]


def csv_text(header: list[str], rows: list[list[str]], delimiter: str = ",", newline: str = "\n") -> str:
    """CSV with quoting where a field holds the delimiter, a quote or a line break."""
    def cell(value: str) -> str:
        if any(ch in value for ch in (delimiter, '"', "\n", "\r")):
            return '"' + value.replace('"', '""') + '"'
        return value

    return newline.join(delimiter.join(cell(v) for v in row) for row in [header, *rows]) + newline


def xlsx_bytes(sheets: dict[str, list[list[object]]], number_formats: dict[tuple[str, int, int], str] | None = None) -> bytes:
    """An .xlsx with the given sheets (rows of Python values); optional number formats per (sheet, row, col)."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    for (sheet, r, c), fmt in (number_formats or {}).items():
        wb[sheet].cell(row=r, column=c).number_format = fmt
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_with(names: list[str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n in names:
            z.writestr(n, "x")
    return buf.getvalue()


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # .xls and every password-protected Office file
EXCEL_DATE = datetime(2026, 10, 31)
TODAY = date(2026, 11, 25)
