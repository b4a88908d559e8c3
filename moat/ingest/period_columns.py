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
