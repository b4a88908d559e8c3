"""Reference figures for h114's checks, from `moat.metrics` (through `moat.open`) and SQL over the cur_* views.

Why: each confident answer is checked against the glossary's figure computed another way than Ask does
(the metric functions the pages use, or hand SQL), so a wrong reading shows as a different number.
Usage (interactive): python -i bench/hunt_h114/ref.py
"""
from __future__ import annotations

import os

import polars as pl

import moat

DB = os.environ.get("H114_DB", "/tmp/h114/demo.duckdb")
s = moat.open(DB)
pl.Config.set_tbl_rows(60)
pl.Config.set_tbl_cols(20)
pl.Config.set_fmt_str_lengths(40)

Q4 = ("2024-10-01", "2024-12-31")
Q1 = ("2025-01-01", "2025-03-31")
MAR = ("2025-03-01", "2025-03-31")
FEB = ("2025-02-01", "2025-02-28")


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
