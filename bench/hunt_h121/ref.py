"""Reference figures for h121's checks, from `moat.metrics` (through `moat.open`) and SQL over the cur_* views.

Why: each confident answer is checked against the glossary's figure computed another way than Ask does
(the metric functions the pages use, or hand SQL), so a wrong reading shows as a different number.
Usage (interactive): python -i bench/hunt_h121/ref.py  (demo: seed 1213, data 2026-07..2027-07, asked as of 2027-08-09)
"""
from __future__ import annotations

import os

import polars as pl

import moat

DB = os.environ.get("H121_DB", "/tmp/h121.duckdb")
s = moat.open(DB)
pl.Config.set_tbl_rows(60)
pl.Config.set_tbl_cols(20)
pl.Config.set_fmt_str_lengths(40)

Q1 = ("2027-01-01", "2027-03-31")
Q2 = ("2027-04-01", "2027-06-30")
Q4 = ("2026-10-01", "2026-12-31")
JUL = ("2027-07-01", "2027-07-31")
JUN = ("2027-06-01", "2027-06-30")
MAY = ("2027-05-01", "2027-05-31")
APR = ("2027-04-01", "2027-04-30")
L3M = ("2027-05-01", "2027-07-31")


def prof(p, segment=None, by="client"):
    """Profitability per client (or segment) over a period, as the Profitability page computes it."""
    return s.profitability(*p, segment=segment, by=by)


def lic(p, by="client"):
    """Licence figures per client / product / vendor over a period."""
    return s.licenses(*p, by=by)


def util(p):
    """Technician utilisation over a period."""
    return s.utilization(*p)


def q(sql):
    """Hand SQL over the cur_* views."""
    return s.sql(sql)


def top(df, col, n=5, desc=True, show=None):
    """The first column and the asked columns of the top / bottom n rows by col."""
    cols = [df.columns[1] if df.columns[0].endswith("_key") else df.columns[0]]
    name = "client_name" if "client_name" in df.columns else ("technician_name" if "technician_name" in df.columns
                                                              else cols[0])
    return df.sort(col, descending=desc, nulls_last=True).head(n).select([name, col] + (show or []))
