"""Excel workbooks (.xlsx): bytes -> ``Table`` of the sheet that holds the data, cells as the text a CSV would hold.

The container is checked from the ZIP directory before openpyxl opens anything (``.xlsb``, ``.ods``, a plain ZIP
and zip bombs are refused); every sheet is read within one shared cell budget and the one whose header row has most
known column names (then most filled rows) is taken, unless ``--sheet`` names one.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date, datetime, time

import polars as pl

from moat.errors import FileRejected
from moat.ingest import limits
from moat.ingest.limits import rejected, too_wide
from moat.ingest.sniff import find_header
from moat.ingest.table import ROW, Table, dedupe, drop_trailing_blank


def _cell_text(value: object) -> str | None:
    """Excel values as the text a CSV export would hold: dates ISO, numbers without float noise."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(round(value, 10))
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


def read_xlsx(data: bytes, file_name: str, *, sheet: str | None, is_known: Callable[[str], bool]) -> Table:
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as err:
        raise rejected(file_name, "corrupt or truncated archive") from err
    names = [m.filename for m in members]
    if "xl/workbook.bin" in names:
        raise rejected(file_name, "an .xlsb binary workbook")
    if "mimetype" in names or "content.xml" in names:
        raise rejected(file_name, "an OpenDocument .ods spreadsheet")
    if "xl/workbook.xml" not in names:
        raise rejected(file_name, "a ZIP archive, not an Excel workbook")
    _check_zip_sizes(file_name, members)
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for damaged files
        raise rejected(file_name, f"damaged workbook: {type(err).__name__}") from err
    try:
        sheets = list(wb.sheetnames)
        if sheet is not None and sheet not in sheets:
            raise FileRejected(file_name, f"there is no sheet {sheet!r}", f"sheets are: {', '.join(sheets)}")
        candidates = [sheet] if sheet else sheets
        if not candidates:
            raise rejected(file_name, "damaged workbook: it lists no worksheet that can be opened")
        best: tuple[int, int, str, list[list[str | None]]] | None = None
        budget = [limits.MAX_XLSX_CELLS]  # shared by all sheets: fifty sheets may not hold fifty times the limit
        for name in candidates:
            records = _sheet_records(wb[name], file_name, budget)
            head = [[c or "" for c in rec] for rec in records[:30]]
            idx = find_header(head, is_known)
            score = sum(1 for c in (head[idx] if head else []) if c and is_known(c))
            filled = sum(1 for rec in records[idx + 1:] if any(c for c in rec))
            if best is None or (score, filled) > (best[0], best[1]):
                best = (score, filled, name, records)
        if best is None:  # unreachable (candidates is not empty); kept as an error, not an assert
            raise rejected(file_name, "damaged workbook: no worksheet could be read")
        _, _, chosen, records = best
    except FileRejected:
        raise
    except Exception as err:  # a missing part or bad XML surfaces only while rows are read
        raise rejected(file_name, f"damaged workbook: {type(err).__name__}") from err
    finally:
        wb.close()
    head = [[c or "" for c in rec] for rec in records[:30]]
    if not records:
        raise FileRejected(file_name, f"sheet {chosen!r} is empty", "choose the sheet with the data (--sheet NAME)")
    header_idx = find_header(head, is_known)
    width = max([len(r) for r in records] + [0])
    header = dedupe([(records[header_idx][j] if j < len(records[header_idx]) else None) or "" for j in range(width)])
    body = records[header_idx + 1:]
    frame = pl.DataFrame(
        {h: [(r[j] if j < len(r) else None) for r in body] for j, h in enumerate(header)},
        schema={h: pl.Utf8 for h in header},
    ).with_columns(pl.int_range(header_idx + 2, header_idx + 2 + len(body), dtype=pl.Int64).alias(ROW))
    return Table(file_name, "xlsx", header, drop_trailing_blank(frame), sheet=chosen, sheets=sheets, header_row=header_idx + 1)


def _check_zip_sizes(file_name: str, members: list[zipfile.ZipInfo]) -> None:
    """Refuse zip bombs from the ZIP directory alone, before openpyxl inflates anything."""
    total = sum(m.file_size for m in members)
    if total > limits.MAX_XLSX_INFLATED_BYTES:
        raise FileRejected(
            file_name,
            f"unpacks to {total / 2**20:,.0f} MB, more than the {limits.MAX_XLSX_INFLATED_BYTES // 2**20} MB an export is "
            "allowed (a zip bomb, or far more than one dataset)",
            "save the sheet with the data as CSV (UTF-8) and upload that",
        )
    for m in members:
        if m.file_size >= limits.RATIO_MIN_BYTES and m.file_size > limits.MAX_XLSX_RATIO * max(m.compress_size, 1):
            raise FileRejected(
                file_name,
                f"part {m.filename} inflates {m.file_size / max(m.compress_size, 1):,.0f}x (a real worksheet: under "
                f"{limits.MAX_XLSX_RATIO}x); it looks like a zip bomb and was not opened",
                "open it in Excel and save it as .xlsx or CSV (UTF-8), then upload again",
            )


def _sheet_records(ws: object, file_name: str = "", budget: list[int] | None = None) -> list[list[str | None]]:
    """All rows of a sheet as text, stopping after a long run of empty rows (formatted-but-empty ranges).

    Bounded: a row wider than ``limits.MAX_COLUMNS`` or more than ``budget[0]`` cells (``limits.MAX_XLSX_CELLS`` when not
    given; decremented, so sheets can share one budget) raise ``FileRejected``. ``max_col`` caps openpyxl's
    padding of every row to the declared dimension, which a hostile file can set to column XFD (16,384)."""
    budget = budget if budget is not None else [limits.MAX_XLSX_CELLS]
    records: list[list[str | None]] = []
    blank_run = 0
    declared = getattr(ws, "max_column", None)
    max_col = limits.MAX_COLUMNS + 1 if isinstance(declared, int) and declared > limits.MAX_COLUMNS + 1 else None
    for row in ws.iter_rows(values_only=True, max_col=max_col):  # type: ignore[attr-defined]
        if len(row) > limits.MAX_COLUMNS and any(v is not None and v != "" for v in row[limits.MAX_COLUMNS:]):
            raise too_wide(file_name, declared if max_col is not None else len(row))  # type: ignore[arg-type]
        cells = [_cell_text(v) for v in row[:limits.MAX_COLUMNS]]
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        budget[0] -= len(cells)
        if budget[0] < 0:
            raise FileRejected(
                file_name, f"holds more than {limits.MAX_XLSX_CELLS:,} cells, too many to read from a workbook",
                "save the sheet with the data as CSV (UTF-8), which has no such limit, and upload that",
            )
        if not cells:
            blank_run += 1
            if blank_run > 1000:
                break
        else:
            blank_run = 0
        records.append(cells)
    while records and not records[-1]:
        records.pop()
    return records
