"""CSV and Excel files of any frame a page shows, checked against role and policy, and audited.

Why a module of its own: every page offers the same two downloads, and each must (1) refuse what the user's role
or a policy forbids, (2) neutralise spreadsheet formulas in text cells without turning numbers into text, and
(3) leave an audit row, because an export is data leaving the application. Pages call ``export_table``;
the Streamlit widget in ``moat.ui.downloads`` is a thin wrapper around it.

Money columns (``moat.formatting.MONEY_COLUMNS``) are rounded half-up to cents — export is display — and get a
money number format in Excel; ratio columns (``PERCENT_COLUMNS``) stay fractions with a percent format.
"""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import polars as pl

from moat.cells import escape, escape_text, is_number
from moat.db import Connection, retry_conflicts, transaction
from moat.errors import MoatError
from moat.formatting import MONEY_COLUMNS, PERCENT_COLUMNS, money
from moat.governance import audit
from moat.governance.permissions import User, require

FORMATS = ("csv", "xlsx")
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
    "html": "text/html",
    "pdf": "application/pdf",
}
MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
EXCEL_MAX_ROWS = 1_048_575  # one row is the header
_EXCEL_MAX_TEXT = 32_767


def check_export(con: Connection | None, user: User, client_level: bool) -> None:
    """Raise unless ``user`` may export; client-level rows need ``export_client_level`` and the policy's consent.

    The policy (``moat.governance.policies``, e.g. "exports with per-client rows need an Admin") can only
    restrict further, never grant what the role table refuses. Without a connection only the role is checked.
    """
    require(user, "export")
    if not client_level:
        return
    require(user, "export_client_level")
    if con is not None:
        from moat.governance import policies

        policies.require_client_export(con, user)


def _cell_for_csv(column: str, value: Any, round_money: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if round_money and column in MONEY_COLUMNS:
            return format(money(value), "f")
        return repr(value)
    if isinstance(value, Decimal):
        if round_money and column in MONEY_COLUMNS:
            return format(money(value), "f")
        return format(value.normalize(), "f")  # exact, without DECIMAL(18,4)'s trailing zeros
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, dict, tuple)):
        return escape_text(json.dumps(value, default=str, ensure_ascii=False))
    return escape_text(str(value))


def csv_bytes(df: pl.DataFrame, *, round_money: bool = True) -> bytes:
    """The frame as UTF-8 CSV (RFC 4180 quoting); text cells escaped, numbers written as plain numbers.

    ``round_money=False`` keeps stored decimals exact (dataset exports meant to be loaded again).
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([escape_text(str(c)) for c in df.columns])
    columns = df.columns
    for row in df.iter_rows():
        writer.writerow([_cell_for_csv(c, v, round_money) for c, v in zip(columns, row, strict=True)])
    return buf.getvalue().encode("utf-8")


def _cell_for_excel(column: str, value: Any, round_money: bool) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, bool):
        return value
    if is_number(value):
        if round_money and column in MONEY_COLUMNS:
            return money(value)
        return value
    if isinstance(value, (date, datetime)):
        return value
    if isinstance(value, (list, dict, tuple)):
        value = json.dumps(value, default=str, ensure_ascii=False)
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", escape(str(value)))
    return text[:_EXCEL_MAX_TEXT]


def _number_format(column: str, dtype: pl.DataType) -> str | None:
    if column in MONEY_COLUMNS:
        return MONEY_FORMAT
    if column in PERCENT_COLUMNS:
        return PERCENT_FORMAT
    if dtype == pl.Datetime:
        return DATETIME_FORMAT
    if dtype == pl.Date:
        return DATE_FORMAT
    return None


def xlsx_bytes(df: pl.DataFrame, *, sheet: str = "data", round_money: bool = True) -> bytes:
    """The frame as an Excel workbook: bold frozen header, autofilter, money and percent number formats."""
    if df.height > EXCEL_MAX_ROWS:
        raise MoatError(
            f"{df.height:,} rows do not fit in one Excel sheet (at most {EXCEL_MAX_ROWS:,})",
            "export CSV or Parquet instead, or narrow the period",
        )
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(sheet)
    columns = df.columns
    ws.append([escape_text(str(c)) for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in df.iter_rows():
        ws.append([_cell_for_excel(c, v, round_money) for c, v in zip(columns, row, strict=True)])
    for index, (column, dtype) in enumerate(df.schema.items(), start=1):
        letter = get_column_letter(index)
        fmt = _number_format(column, dtype)
        if fmt and df.height:
            for (cell,) in ws.iter_rows(min_row=2, max_row=df.height + 1, min_col=index, max_col=index):
                cell.number_format = fmt
        sample = [len(column)] + [len(str(v)) for v in df[column].head(200).to_list() if v is not None]
        ws.column_dimensions[letter].width = min(max(sample) + 2, 50)
    ws.freeze_panes = "A2"
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{df.height + 1}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_title(name: str) -> str:
    cleaned = "".join("_" if ch in '[]:*?/\\' else ch for ch in name).strip("'") or "data"
    return cleaned[:31]


def render(df: pl.DataFrame, fmt: str, *, name: str = "data", round_money: bool = True) -> bytes:
    if fmt == "csv":
        return csv_bytes(df, round_money=round_money)
    if fmt == "xlsx":
        return xlsx_bytes(df, sheet=name, round_money=round_money)
    raise MoatError(f"unknown export format {fmt!r}", f"formats are: {', '.join(FORMATS)}")


def file_name(name: str, fmt: str) -> str:
    """A safe download name: letters, digits, dash and underscore only."""
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name.strip()).strip("_") or "export"
    return f"{stem}.{fmt}"


# Columns whose values identify a client or a technician, whatever the frame's origin.
PEOPLE_COLUMNS = frozenset({"client_key", "client_name", "client", "technician_key", "technician_name", "technician"})


def names_people(con: Connection | None, df: pl.DataFrame) -> bool:
    """Whether ``df``'s rows are client level: a client or technician column, or any text cell that is a current
    client's or technician's name or key (a renamed column is still a client's row)."""
    if PEOPLE_COLUMNS & {c.lower() for c in df.columns}:
        return True
    texts = [c for c, t in df.schema.items() if t == pl.Utf8]
    if con is None or not texts or df.is_empty():
        return False
    known: set[str] = set()
    for sql in ("SELECT client_name, client_key FROM cur_clients", "SELECT technician_name, technician_key FROM cur_technicians"):
        try:
            known |= {str(v).casefold() for row in con.execute(sql).fetchall() for v in row if v is not None}
        except Exception:  # an empty or older database without the table: columns decided already
            continue
    return any(str(v).casefold() in known for c in texts for v in df[c].drop_nulls().unique().to_list())


def export_table(
    con: Connection, user: User, df: pl.DataFrame, name: str, fmt: str, *, client_level: bool,
    details: dict[str, Any] | None = None,
) -> bytes:
    """Check permission and policy, render ``df`` as ``fmt`` (csv | xlsx), audit, return the file's bytes.

    ``client_level`` says whether the rows name clients (or technicians): such exports need
    ``export_client_level``; company totals need only ``export``.
    """
    client_level = client_level or names_people(con, df)  # the content decides, not the caller's claim (h42 F9)
    check_export(con, user, client_level)
    data = render(df, fmt, name=name)
    record(con, user, "export", f"table:{name}", {
        "format": fmt, "rows": df.height, "columns": df.columns, "client_level": client_level, "bytes": len(data),
        **(details or {}),
    })
    return data


def record(con: Connection, user: User, action: str, obj: str, details: dict[str, Any]) -> int:
    """One audit row for something that left the application (its own transaction, run again if another
    session's write won the chain's next row at that moment)."""

    def write() -> int:
        with transaction(con):
            return audit.append(con, user, action, obj, details)

    return retry_conflicts(write)
