"""The table a reader hands the pipeline: a file's data region as strings, with the row numbers a person sees.

Rows keep their number as in the file (the header is row N, the first data row N+1: what a spreadsheet shows),
so the quarantine can point a person at the cell. Fields beyond the header's width are kept in ``EXTRA`` and rows
whose bytes could not be decoded with certainty carry the reason in ``UNDECODED``; the pipeline quarantines both.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import polars as pl

from moat.ingest.headings import series

ROW = "__row"  # file row number column
EXTRA = "__extra"  # overflow fields of rows longer than the header
UNDECODED = "__undecoded"  # why a row's bytes could not be decoded with certainty (the pipeline quarantines it)


@dataclass
class Table:
    """A file's data region as strings: one Utf8 column per header plus ``__row`` (and ``__extra`` if any)."""

    file_name: str
    kind: str  # csv | xlsx
    header: list[str]
    rows: pl.DataFrame
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    header_row: int = 1
    title: list[str] = field(default_factory=list)  # a workbook's lines above the header (a report's name, period)
    repaired_lines: int = 0  # lines of a mostly UTF-8 file read as cp1252 (certain repairs)
    undecodable_lines: int = 0  # lines marked in UNDECODED (quarantined by the pipeline)
    notes: list[str] = field(default_factory=list)  # what the reader left out, for the report's warnings
    hidden_columns: list[str] = field(default_factory=list)  # headers of columns hidden in the sheet and read
    loaded_sheets: list[str] = field(default_factory=list)  # the sheets whose rows are in ``rows`` (workbooks)
    zoned: list[str] = field(default_factory=list)  # what `utc_dates.localise` converted, for the report (h70)
    zone_read: str | None = None  # the `timezone` its zoned timestamps were read in (None: it has none)

    @property
    def delimiter_name(self) -> str | None:
        return {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(self.delimiter or "", self.delimiter)


def dedupe(header: list[str]) -> list[str]:
    """Blank headers become 'column_N', repeats 'Name (2)': every column keeps a distinct, visible name."""
    out: list[str] = []
    seen: Counter[str] = Counter()
    for i, cell in enumerate(header, start=1):
        name = (cell or "").strip().strip("\ufeff") or f"column_{i}"
        if name.startswith("__"):
            name = name.lstrip("_") or f"column_{i}"
        seen[name] += 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def drop_trailing_blank(rows: pl.DataFrame) -> pl.DataFrame:
    """Trailing empty lines are the end of the file, not rows (Excel pads exports with them)."""
    data_cols = [c for c in rows.columns if c != ROW]
    if not data_cols or rows.height == 0:
        return rows
    if rows.height > 1000:  # look at the tail first: a big file rarely ends in a thousand blank lines
        tail = drop_trailing_blank(rows.tail(1000))
        if tail.height:
            return rows.head(rows.height - 1000 + tail.height)
    # each column by headings.series, never pl.col(name) nor a Series named by the heading: '*' / '^a$' are patterns
    filled = None
    for c in data_cols:
        some = series(rows, c).str.strip_chars().str.len_chars().fill_null(0) > 0
        filled = some if filled is None else filled | some
    last = filled.arg_true()
    return rows.head(int(last[-1]) + 1 if len(last) else 0)


