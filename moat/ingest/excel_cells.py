"""What spreadsheets leave in an export that is not data: tidied before any format detection.

Why here, between the reader and recognition: the header decides which source / dataset a file is, so a column
Excel added (an empty column with no heading, written as a trailing ``,`` on every line once a column to the right
was ever formatted) must be gone before the header is matched; otherwise the blank heading reads as QuickBooks'
blank first column and a plain invoice list is refused as a QuickBooks report it never was (h34 D9).

- A column without a heading that is empty in every row is dropped (a warning counts them).
- A column without a heading that holds values is kept (QuickBooks reports carry the customer there); whether
  the recognised source reads it is checked after recognition (``refuse_unread_blank``).
- Two columns with the same heading (``Amount`` twice) are read once when equal in every row; otherwise the file
  is refused naming the heading and both positions: picking one would be a guess about which number is right.
- Excel's text protection ``="001001"`` (tools that keep leading zeros write it) is the text ``001001``.
"""

from __future__ import annotations

import re

import polars as pl

from moat.errors import FileRejected
from moat.ingest.headings import exact_col, series
from moat.ingest.table import EXTRA, ROW, UNDECODED, Table

BLANK_NAME = re.compile(r"column_(\d+)")  # ``table.dedupe``'s name for a heading cell left blank
_REPEAT = re.compile(r"(.*) \((\d+)\)")  # ``table.dedupe``'s name for a repeated heading
_INTERNAL = {ROW, EXTRA, UNDECODED}


def letter(position: int) -> str:
    """Spreadsheet column letters of a 1-based position (1 -> A, 27 -> AA): what a person sees in Excel."""
    out = ""
    while position > 0:
        position, rest = divmod(position - 1, 26)
        out = chr(65 + rest) + out
    return out


def where(position: int) -> str:
    return f"column {position} ({letter(position)})"


def _filled(rows: pl.DataFrame, name: str) -> pl.Expr:
    return exact_col(name).cast(pl.Utf8).str.contains(r"\S").fill_null(False)


def blank_columns(table: Table) -> list[str]:
    """Columns whose heading cell was blank (named ``column_N`` by the reader)."""
    return [h for h in table.header if BLANK_NAME.fullmatch(h)]


def tidy(table: Table) -> Table:
    """The table without Excel's empty unheaded columns and repeated equal columns, ``="..."`` cells unwrapped."""
    rows = table.rows
    position = {h: i for i, h in enumerate(table.header, start=1)}
    drop: list[str] = []
    empty = [h for h in blank_columns(table) if h in rows.columns and not rows.select(_filled(rows, h).any()).item()]
    if empty:
        drop += empty
        table.notes.append(f"{len(empty)} empty column{'s' if len(empty) > 1 else ''} without a heading left out "
                           f"({', '.join(where(position[h]) for h in empty)}): a column a spreadsheet kept but never filled "
                           "(trailing commas in a CSV)")
    for name in table.header:
        found = _REPEAT.fullmatch(name)
        if not found or found.group(1) not in position or name not in rows.columns:
            continue
        first = found.group(1)
        if first in drop or position[first] > position[name]:
            continue
        a, b = exact_col(first).cast(pl.Utf8).str.strip_chars(), exact_col(name).cast(pl.Utf8).str.strip_chars()
        a, b = a.replace("", None), b.replace("", None)
        differ = rows.filter(~a.eq_missing(b))
        if differ.height:
            row = differ.row(0, named=True)
            raise FileRejected(
                table.file_name,
                f"two columns have the heading `{first}`: {where(position[first])} and {where(position[name])}, and "
                f"their values differ (row {row[ROW]}: `{_short(row[first])}` and `{_short(row[name])}`); which one "
                f"is meant cannot be guessed",
                f"rename one of the two `{first}` headings (e.g. `{first} net`) or delete the column that is not wanted, "
                "then upload again")
        drop.append(name)
        table.notes.append(f"two columns have the heading `{first}` ({where(position[first])} and "
                           f"{where(position[name])}) with the same value in every row: read once")
    if drop:
        table.header = [h for h in table.header if h not in drop]
        rows = rows.drop([exact_col(n) for n in drop])  # a plain name in drop() is a pattern too
    protected = [c for c in rows.columns if c not in _INTERNAL and series(rows, c).dtype == pl.Utf8
                 and series(rows, c).str.starts_with('="').any()]
    if protected:
        rows = rows.with_columns(
            pl.when(exact_col(c).str.contains(r'^="(?:[^"]|"")*"$'))
            .then(exact_col(c).str.slice(2).str.head(-1).str.replace_all('""', '"', literal=True))
            .otherwise(exact_col(c)).alias(c) for c in protected)
    table.rows = rows
    return table


def refuse_unread_blank(table: Table, used: set[str], file_name: str) -> None:
    """A column without a heading that holds values and that the file's reading does not use: refused, never
    dropped silently (it may be the amount a person forgot to name)."""
    rows = table.rows
    for name in blank_columns(table):
        if name in used or name not in rows.columns:
            continue
        values = rows.filter(_filled(rows, name))
        if values.height:
            position = int(BLANK_NAME.fullmatch(name).group(1))  # type: ignore[union-attr]
            raise FileRejected(
                file_name,
                f"{where(position)} has no heading but holds values in {values.height} row"
                f"{'s' if values.height > 1 else ''} (row {values[ROW][0]}: `{_short(values[name][0])}`); what it is "
                "cannot be told",
                f"type a heading for {where(position)} in the header row (or delete the column if it is not wanted), "
                "then upload again")


def _short(value: object) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 40 else text[:37] + "..."
