"""Company KPIs for a period against the previous period of equal length.

Totals are sums of the per-client figures (so the Overview always agrees with the Profitability page). Overhead
(costs without a client) is reported beside gross profit, never spread over clients.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import polars as pl

from moat.db import Connection, scalar
from moat.memo import memoised
from moat.metrics.licenses import licenses
from moat.metrics.periods import Period
from moat.metrics.profitability import profitability
from moat.metrics.totals import column_total as _sum
from moat.metrics.utilization import utilization

KPIS = (
    ("revenue", "money"),
    ("gross_profit", "money"),
    ("gross_margin", "percent"),
    ("ehr", "money"),
    ("labour_cost", "money"),
    ("license_cost", "money"),
    ("other_cost", "money"),
    ("license_waste", "money"),
    ("billable_utilization", "percent"),
    ("total_utilization", "percent"),
    ("hours", "hours"),
    ("overhead", "money"),
    ("clients", "count"),
)


def kpis(con: Connection, period: Period) -> dict[str, Any]:
    """The KPI values of one period (None where undefined)."""
    prof = profitability(con, period)
    if prof.is_empty():  # no activity at all: "not enough data", never a made-up zero
        return {name: None for name, _ in KPIS} | {"clients": 0}
    lic = licenses(con, period)
    util = utilization(con, period)
    revenue = _sum(prof, "revenue")
    labour = _sum(prof, "labour_cost")
    license_cost = _sum(prof, "license_cost")
    other = _sum(prof, "other_cost")
    hours = _sum(prof, "hours")
    gross = None if None in (revenue, labour, license_cost, other) else revenue - labour - license_cost - other
    available = float(util["available_hours"].sum()) if util.height else 0.0
    overhead = scalar(
        con, "SELECT coalesce(sum(amount), 0) FROM cur_costs WHERE client_key IS NULL AND date BETWEEN ? AND ?",
        [period.start, period.end],
    )
    return {
        "revenue": revenue,
        "gross_profit": gross,
        "gross_margin": None if gross is None or not revenue else float(gross / revenue),
        "ehr": None if not hours else float(revenue / hours),
        "labour_cost": labour,
        "license_cost": license_cost,
        "other_cost": other,
        "license_waste": _sum(lic, "license_waste") if lic.height else Decimal(0),
        "billable_utilization": float(util["billable_hours"].sum()) / available if available else None,
        "total_utilization": float(util["worked_hours"].sum()) / available if available else None,
        "hours": hours,
        "overhead": Decimal(str(overhead)),
        "clients": prof.height,
    }


@memoised
def summary(con: Connection, period: Period) -> pl.DataFrame:
    """Rows of (metric, kind, value, previous, change); change is absolute for ratios, relative for amounts."""
    now, before = kpis(con, period), kpis(con, period.previous())
    rows = []
    for name, kind in KPIS:
        value, previous = now[name], before[name]
        change: float | None = None
        if value is not None and previous is not None:
            if kind == "percent":
                change = float(value) - float(previous)
            elif previous:
                change = (float(value) - float(previous)) / abs(float(previous))
        rows.append({"metric": name, "kind": kind, "value": None if value is None else str(value),
                     "previous": None if previous is None else str(previous), "change": change})
    return pl.DataFrame(rows, schema={"metric": pl.Utf8, "kind": pl.Utf8, "value": pl.Utf8, "previous": pl.Utf8, "change": pl.Float64})
