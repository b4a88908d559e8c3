"""A summary report's columns that split its Total by period ("Display columns by: Months / Quarters / Weeks") are
found by their headings in any spelling, not only `Jan 2026` (h70, h41 D8).

Why: the summary is loaded as one total per customer dated at the end of the period its title names; with a column
per month that lump lands on the last month (March 3x, January and February 0) while the file holds the split. The
headings QuickBooks writes vary with the region and the option (`Jan 2026`, `2026-01`, `01/2026`, `Jan 1-31, 2026`,
`Q1 2026`, `Week 12`), and a re-saved file can carry any of them. So a column is a period column when its heading is
a period by the declared pattern, a year-month (`2026-01`, `01/2026`, `2026/1`) or a date, or when two or more unused
columns with a digit in their headings hold numbers that add up, row by row, to the report's Total (columns by
class or location have no digits and are not refused: the Total is the customer's, split by something else).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import polars as pl

from moat.ingest import values
from moat.ingest.headings import series

_YEAR_MONTH = re.compile(r"^(?:(?:19|20)\d{2}\s*[-/.]\s*\d{1,2}|\d{1,2}\s*[-/.]\s*(?:19|20)\d{2})$")
_DATE = re.compile(r"^\d{1,4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,4}$")
_PERIOD_WORDS = re.compile(r"(?i)\b(?:january|february|march|april|june|july|august|september|october|november|december|"
                           r"quarter|week|month|period|fy)\b")


def find(run: Any, declared: re.Pattern[str]) -> list[str]:
    """The unused headings of ``run`` that are periods (see the module docstring), in file order."""
    used = set(run.m.columns.values())
    free = [h for h in run.header if h not in used and h in run.df.columns and not h.startswith("__")]
    named = [h for h in free if declared.match(h.strip()) or _YEAR_MONTH.match(h.strip()) or _DATE.match(h.strip())]
    if named:
        return named
    amount = run.col("amount")
    candidates = [h for h in free if re.search(r"\d", h) or _PERIOD_WORDS.search(h)]
    if amount is None or len(candidates) < 2 or run.df.height == 0:
        return []
    total = values.money(series(run.df, amount))
    parts = [values.money(series(run.df, h)) for h in candidates]
    if any(p.drop_nulls().len() == 0 for p in parts):
        return []
    summed = pl.DataFrame([p.cast(pl.Float64).fill_null(0).alias(f"p{i}") for i, p in enumerate(parts)]).sum_horizontal()
    both = pl.DataFrame({"t": total.cast(pl.Float64), "s": summed}).drop_nulls("t")
    if both.height == 0:
        return []
    off = (both["t"] - both["s"]).abs().max()
    return candidates if off is not None and Decimal(str(off)) < Decimal("0.01") * len(candidates) else []


_MONTH_NAMES = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_FULL = "january february march april may june july august september october november december".split()
_NAMED = re.compile(r"(?i)^([a-z]{3,9})\.?[\s\-/']+(\d{4}|\d{2})$")
_NUMERIC = re.compile(r"^(?:(\d{4})\s*[-/.]\s*(\d{1,2})|(\d{1,2})\s*[-/.]\s*(\d{4}))$")


def month_of(heading: str) -> tuple[int, int] | None:
    """(year, month) of a heading that names one calendar month (`Jan 2026`, `January 2026`, `Jan-26`, `2026-01`,
    `01/2026`), else None."""
    text = heading.strip()
    m = _NAMED.match(text)
    if m:
        word = m.group(1).lower().replace("sept", "sep")
        hit = [i for i, name in enumerate(_MONTH_NAMES, 1) if name.startswith(word) or (len(word) > 3 and name.startswith(word[:3])
                                                                                        and _FULL[i - 1].startswith(word))]
        year = int(m.group(2)) if len(m.group(2)) == 4 else 2000 + int(m.group(2))
        return (year, hit[0]) if hit else None
    m = _NUMERIC.match(text)
    if m:
        year, month = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(4)), int(m.group(3)))
        return (year, month) if 1 <= month <= 12 else None
    return None


def split_by_month(run: Any, columns: list[str], start: str, end: str) -> bool:
    """Load one row per customer per month column (dated the month's last day) instead of the Total, when every
    period column is one month inside the title's period and the months add up to the Total on every row (h70,
    h41 D8). False when the columns are not all months (the caller refuses the file); refused when the months do
    not add up to the Total. File rows whose month cells are all empty are
    skipped (a parent customer's own row above its sub-customers)."""
    import calendar
    from datetime import date

    amount = run.col("amount")
    months = [month_of(h) for h in columns]
    if amount is None or None in months or len(set(months)) != len(months):
        return False
    ends = [date(y, m, calendar.monthrange(y, m)[1]).isoformat() for y, m in months]  # type: ignore[misc]
    if any(e < start or e[:7] > end[:7] for e in ends):
        return False
    parts = [values.money(series(run.df, h)).cast(pl.Float64) for h in columns]
    total = values.money(series(run.df, amount)).cast(pl.Float64)
    summed = pl.DataFrame([p.fill_null(0).alias(f"p{i}") for i, p in enumerate(parts)]).sum_horizontal()
    off = (total.fill_null(0) - summed).abs()
    if off.len() and float(off.max() or 0) >= 0.01 * len(columns):
        from moat.errors import FileRejected
        from moat.ingest.table import ROW

        bad = int(run.df.filter((off >= 0.01 * len(columns)).fill_null(False))[ROW][0])
        raise FileRejected(run.ctx.file_name, f"{run.source.name} for {start}..{end} has a column per month "
                           f"({', '.join(columns[:4])}{' ...' if len(columns) > 4 else ''}), but on row {bad} they do not "
                           f"add up to `{amount}`: neither the months nor the Total can be loaded as the period's sales",
                           "export the report again (Display columns by: Months, or Total only, once per month) and load it")
    filled = [(p.is_not_null() & (p != 0)).fill_null(False) for p in parts]
    empty = ~pl.DataFrame([f.alias(f"f{i}") for i, f in enumerate(filled)]).select(pl.any_horizontal(pl.all())).to_series()
    # h97: each copy carries the row without its month columns; with them the copies grew as months x months x rows
    # (a 1.2 MB file of 240 month columns took 2.2 GB to load, a 5 MB one of 480 some 18 GB)
    rest = run.df.drop(columns)
    frames = []
    for col, last, has in zip(columns, ends, filled, strict=True):
        frames.append(rest.filter(has).with_columns(pl.lit(last).alias("__period"), series(run.df.filter(has), col).alias("__month_amount")))
    n = int(empty.sum())
    if n:
        run.skip(empty, "no amount in any month column")
    from moat.ingest.table import ROW

    run.df = pl.concat(frames, how="vertical").sort([ROW, "__period"])
    run.header = [h for h in run.header if h not in columns]  # read (as the amount), never "columns not used"
    run.m.columns["amount"] = "__month_amount"
    run.m.columns["date"] = "__period"
    run.count("period_columns_split", run.df[ROW].n_unique())
    run.rules["period"] = (f"{start}..{end}: a row per customer per month column ({', '.join(columns)}), each dated "
                           "the last day of its month; the Total column is not read")
    return True
