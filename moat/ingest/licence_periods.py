"""A licence row whose own period (start..end) spans several months, in a file loaded by header synonyms or by a
mapping: is its cost a month's or the whole period's? (h69 D4)

A licence line's cost is per seat per month, and a subscription line start..end is billed once for every month of
its period. A distributor billing line (Giacom, UK distributors: `From Date`..`To Date`, `Net`) gives the service
period the charge pays for: an annual prepaid charge of 8,790.00 over 2026-03-01..2027-02-28 is 732.50 a month,
and read as a month's cost it counts 12 times (12x the client's licence cost, exit 0). A subscription list may
instead give a term (an annual commitment) with a monthly cost. The declared sources know which they are
(``charges.spread``); a file mapped by headers says it by:

* a money heading that says the unit: `Monthly Cost`, `MRR` (per month: left as it is); `Annual Cost`, `Cost for
  Period`, `Term Total` (for the period: divided by its months);
* a description (any text column) that says how the charge is billed: `Annual Billing`, `billed annually` (for
  several months: divided by the period's months), `Monthly Billing` (per month). A commitment term alone ("Annual
  Commitment") says nothing about billing.

A row total (a charge) over several months that says neither refuses the file, naming the row, its cost and period
and the two readings (never loaded with a guessed period); a list of a cost per seat over a term, with no row total,
is a subscription list: its cost is per month, as a licence line's unit cost is. A billing-frequency column (``billing_cycles``) settles the
same question before this runs.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import polars as pl

from moat.errors import FileRejected
from moat.ingest import values
from moat.ingest.billing_cycles import _CYCLE_HEADERS, MONTHS, _fold, _key
from moat.ingest.charges import _DAYS_PER_MONTH, _order
from moat.ingest.described_billing import months_billed
from moat.ingest.headings import exact_col, series
from moat.ingest.table import ROW

_MONEY = ("unit_cost", "total_cost", "unit_price")
_PER_MONTH = re.compile(r"month|mrr|\bmo\b|per ?mo", re.I)
_PER_PERIOD = re.compile(r"annual|yearly|per ?year|\byear\b|period|term|prepaid|upfront|up-front", re.I)


def _says(header: str) -> str | None:
    """'month' / 'period' when a money heading states its unit, else None."""
    if _PER_MONTH.search(header):
        return "month"
    if _PER_PERIOD.search(header):
        return "period"
    return None


def _described(rows: pl.DataFrame, text_cols: list[str]) -> pl.Series:
    """Months a row's charge is billed for by its description (first text column that says so); null: says nothing."""
    out: list[int | None] = [None] * rows.height
    for c in text_cols:
        for i, v in enumerate(values.text(series(rows, c)).to_list()):
            if out[i] is None and isinstance(v, str):
                out[i] = months_billed(v)
    return pl.Series("described", out, dtype=pl.Int64)


def per_month(table: Any, det: Any, recognised: Any, dayfirst: bool | None = None) -> Any:
    """Licence rows of a generic or mapped file whose start..end spans several months: costs made per month where the
    file says the cost is the period's, refused where it says nothing. Returns ``table`` (rewritten) or unchanged."""
    src = recognised.source if recognised is not None else "generic"
    if det.dataset != "licenses" or not (src == "generic" or src.startswith("mapping")):
        return table
    by_field = {f: h for h, f in det.columns.items()}
    start_col, end_col = by_field.get("start_date"), by_field.get("end_date")
    money = [by_field[f] for f in _MONEY if f in by_field and by_field[f] in table.rows.columns]
    rows = table.rows
    if start_col is None or end_col is None or not money or start_col not in rows.columns or end_col not in rows.columns:
        return table
    raw_start, raw_end = series(rows, start_col), series(rows, end_col)
    order = {True: "dmy", False: "mdy"}.get(dayfirst) if dayfirst is not None else _order(raw_start, raw_end)
    start, end = values.date(raw_start, order), values.date(raw_end, order)
    months = ((end - start).dt.total_days() + 1).cast(pl.Float64) / _DAYS_PER_MONTH
    months = months.round(0).cast(pl.Int64)
    many = (months > 1).fill_null(False)
    if not bool(many.any()):
        return table
    period_money = [h for h in money if _says(h) == "period"]
    open_money = [h for h in money if _says(h) is None]
    if not period_money and not open_money:
        return table  # every money heading says it is per month
    cycle = next((h for h in rows.columns if _fold(h) in _CYCLE_HEADERS), None)
    if cycle is not None and not src.startswith("mapping"):
        return table  # ``billing_cycles.generic_licence_cost_per_month`` divided the costs by the column's cycle
    text_cols = [h for h, f in det.columns.items() if f == "product"]
    text_cols += [h for h in det.unmapped if h in rows.columns and re.search(r"descr|product|service|item|sku|plan|offer|name", h, re.I)]
    described = _described(rows, text_cols)
    if cycle is not None:  # a mapped file's billing-frequency column says it first (Annual 12, Monthly 1)
        said = rows.select(_key(exact_col(cycle)).alias("k"))["k"].replace_strict(MONTHS, default=None, return_dtype=pl.Int64)
        described = pl.select(pl.coalesce(pl.lit(said), pl.lit(described))).to_series()
    for_period = many & (described > 1).fill_null(False)
    said_monthly = many & (described == 1).fill_null(False)
    unsure = many & ~for_period & ~said_monthly
    # a row total (`Total Cost`, `Net`) over a period is a charge, and a charge pays for its period or for a month:
    # the file must say which. A subscription list with a cost per seat and a term (no row total) is per month, as a
    # licence line's unit cost is (DESIGN's data model)
    charge = "total_cost" in by_field
    if open_money and bool(unsure.any()) and not period_money and charge:
        i = int(unsure.arg_true()[0])
        r = rows.row(i, named=True)
        cost = r[open_money[0]]
        who = ", ".join(str(r[c]) for c in (by_field.get("client_name"), by_field.get("product")) if c and r.get(c))
        k = int(months[i])
        raise FileRejected(
            table.file_name,
            f"row {r[ROW]} ({who}) has {open_money[0]!r} {cost} for {r[start_col]}..{r[end_col]}, a period of {k} months "
            f"({int(unsure.sum())} row(s) in all): is that a month's cost or the whole period's? Read as a month's it "
            f"would count {k} times",
            "add a 'Billing Frequency' column and load it again: Annual (Quarterly, ...) when the cost is for that "
            "billing period (it is divided by its months), Monthly when it is a month's cost (a commitment term billed "
            "monthly)")
    by_heading = pl.Series([bool(period_money)] * rows.height)
    divide = many & (for_period | (by_heading & ~said_monthly))
    # the billing cycle's months where the description or column says it (a quarterly charge of a year's term is a
    # quarter's cost), else the period's own months (a heading that says the cost is the period's)
    divisor = pl.select(pl.when(pl.lit(for_period)).then(pl.lit(described)).otherwise(pl.lit(months))).to_series()
    n = int(divide.sum())
    if not n:
        return table
    comma = table.delimiter == ";"
    new = []
    for h in period_money + open_money:
        raw = series(rows, h).cast(pl.Utf8)
        amount = values.money(raw, comma)
        per = (amount.cast(pl.Float64) / divisor.fill_null(1).clip(lower_bound=1)).round(4).cast(pl.Utf8)
        if comma:
            per = per.str.replace(".", ",", literal=True)
        new.append(pl.DataFrame({"x": divide & amount.is_not_null(), "p": per, "raw": raw})
                   .select(pl.when(pl.col("x")).then(pl.col("p")).otherwise(pl.col("raw")).alias(h)).to_series())
    note = (f"{n} licence row(s) charge for a period of several months ({', '.join(repr(h) for h in period_money + open_money)}"
            f" for the whole start..end period, by {'its heading' if period_money else 'the description, e.g. Annual Billing'}):"
            " divided by the months it pays for to a cost per month")
    return replace(table, rows=rows.with_columns(new), notes=[*table.notes, note])


def warn_midmonth_start(prepared: Any) -> None:
    """A subscription line (start..end, no billed month) that starts after a month's 1st is billed from the next month
    on (a line counts in each month whose first day it covers): its first month carries none of it (h69 D31). Said
    in a warning naming the rows and the fix, so a month's licence cost is never short without a word."""
    rows = prepared.rows
    if prepared.dataset != "licenses" or rows.height == 0 or "start_date" not in rows.columns:
        return
    month = pl.col("month") if "month" in rows.columns else pl.lit(None, dtype=pl.Date)
    late = rows.filter(month.is_null() & pl.col("start_date").is_not_null() & (pl.col("start_date").dt.day() != 1))
    if late.height == 0:
        return
    first = late.row(0, named=True)
    prepared.warnings.append(
        f"{late.height} subscription line(s) start after the 1st of a month (row {first['source_row']}: {first['start_date']}): "
        f"a line is billed for each month whose first day it covers, so {first['start_date']:%Y-%m} carries none of them; "
        "if that month was billed, give the line the month's first day (or a line of its own for that month)")
