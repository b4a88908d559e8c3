"""Reference figures for h133's checks (copied from h114's), from `moat.metrics` (through `moat.open`) and SQL over cur_*.

Why: each confident answer is checked against the glossary's figure computed another way than Ask does
(the metric functions the pages use, or hand SQL), so a wrong reading shows as a different number.
Usage (interactive): PYTHONPATH=. python -i bench/hunt_h133/ref.py (demo: moat --db /tmp/h133.duckdb demo --seed 1327
--end 2031-05-31; questions asked --as-of 2031-06-02)
"""
from __future__ import annotations

import os

import polars as pl

import moat

DB = os.environ.get("H133_DB", "/tmp/h133.duckdb")
s = moat.open(DB)
pl.Config.set_tbl_rows(60)
pl.Config.set_tbl_cols(20)
pl.Config.set_fmt_str_lengths(40)

Q4 = ("2030-10-01", "2030-12-31")
Q1 = ("2031-01-01", "2031-03-31")
APR = ("2031-04-01", "2031-04-30")
MAY = ("2031-05-01", "2031-05-31")


def prof(p, segment=None, by="client"):
    """Profitability per client (or segment) over a period, as the Profitability page computes it."""
    return s.profitability(*p, segment=segment, by=by)


def lic(p, by="client"):
    """Licence figures per client / product over a period."""
    return s.licenses(*p, by=by)


def util(p):
    """Technician utilisation over a period."""
    return s.utilization(*p)


def q(sql):
    """Hand SQL over the cur_* views."""
    return s.sql(sql)


# h133: as of 2031-06-02 (demo --seed 1327 --end 2031-05-31; data 2030-05-01..2031-05-31)
MONTHS = [(f"{y}-{m:02d}-01") for y, m in [(2030, m) for m in range(5, 13)] + [(2031, m) for m in range(1, 6)]]


def month_end(d: str) -> str:
    """Last day of the month starting on d."""
    import calendar
    y, m = int(d[:4]), int(d[5:7])
    return f"{y}-{m:02d}-{calendar.monthrange(y, m)[1]}"


def company(a: str, b: str) -> dict:
    """Company totals over a span: sums of the per-client profitability columns."""
    p = s.profitability(a, b)
    out = {c: float(p[c].cast(pl.Float64).sum()) for c in
           ["revenue", "labour_cost", "license_cost", "other_cost", "gross_profit", "hours", "billable_hours"]}
    out["gross_margin"] = out["gross_profit"] / out["revenue"] if out["revenue"] else None
    out["clients"] = p.height
    return out
