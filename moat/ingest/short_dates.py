"""Dates Excel wrote without their year, or whose two digits may be a day (h41 D26).

A CSV saved from Excel writes a date cell as it is displayed. `d-mmm` shows `2-Mar` (no year at all) and `mmm-yy`
shows `Mar-26` (March 2026) — but `Mar-02` may as well be "2 March" written `mmm-dd`. Each row of `2-Mar` was
quarantined as "not a date" and `Mar-02`, `Mar-16`, `Mar-26` loaded as 2002, 2016 and 2026 without a word. A date
column whose values are mostly day-month without a year is refused saying the year is missing; a column of
`Mmm-NN` values whose years would spread over more than two years while every NN could be a day is refused
saying both readings."""

from __future__ import annotations

import polars as pl

from moat.errors import FileRejected
from moat.ingest.headings import exact_col
from moat.ingest.table import ROW

_D_MON = r"^\s*([0-9]{1,2})[\s-]([A-Za-z]{3,9})\.?\s*$"
_MON_NN = r"^\s*([A-Za-z]{3})-([0-9]{2})\s*$"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def check(work: pl.DataFrame, cols: list[str], file_name: str) -> None:
    for c in cols:
        s = work.select(pl.col(ROW), exact_col(c).cast(pl.Utf8).str.strip_chars().alias("v")).filter(
            pl.col("v").is_not_null() & (pl.col("v") != ""))
        if s.height == 0:
            continue
        no_year = s.filter(pl.col("v").str.extract(_D_MON, 2).str.to_lowercase().str.slice(0, 3).is_in(_MONTHS))
        if no_year.height * 2 >= s.height:
            raise FileRejected(
                file_name, f"the dates in `{c}` have no year ({no_year['v'][0]!r} at row {no_year[ROW][0]}, "
                f"{no_year.height} of {s.height} rows): Excel wrote the cells as displayed (d-mmm); nothing was loaded",
                f"in Excel, format `{c}` as a date with the year (yyyy-mm-dd or d-mmm-yyyy), save as CSV and load again")
        mon = s.with_columns(pl.col("v").str.extract(_MON_NN, 1).str.to_lowercase().alias("m"),
                             pl.col("v").str.extract(_MON_NN, 2).cast(pl.Int32, strict=False).alias("n")).filter(
            pl.col("m").is_in(_MONTHS) & pl.col("n").is_not_null())
        if mon.height == 0:
            continue
        lo, hi = int(mon["n"].min()), int(mon["n"].max())
        if hi - lo > 2 and 1 <= lo and hi <= 31:
            first = mon.sort("n")
            raise FileRejected(
                file_name, f"the dates in `{c}` ({first['v'][0]!r} at row {first[ROW][0]} ... {first['v'][-1]!r} at row "
                f"{first[ROW][-1]}) read as months of 20{lo:02d}..20{hi:02d} (Excel's mmm-yy), a span of "
                f"{hi - lo} years, or as days of a month with no year (mmm-dd): the file does not say which; "
                "nothing was loaded",
                f"in Excel, format `{c}` as a full date (yyyy-mm-dd), save as CSV and load again")
