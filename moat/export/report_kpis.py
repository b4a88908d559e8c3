"""The report's KPI lines: each KPI of the period against the previous one, formatted as the tiles show it, with
whether its change is good news."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from moat.db import Connection
from moat.formatting import change_text, value_text
from moat.metrics.periods import Period

LABELS = {
    "revenue": "Revenue", "gross_profit": "Gross profit", "gross_margin": "Gross margin",
    "ehr": "Effective hourly rate", "labour_cost": "Labour cost", "license_cost": "Licence cost",
    "other_cost": "Other client costs", "license_waste": "Licence waste", "billable_utilization": "Billable utilisation",
    "total_utilization": "Total utilisation", "hours": "Hours worked", "overhead": "Overhead (not per client)",
    "clients": "Active clients",
}
# KPIs where a rise is bad news (the delta is coloured accordingly).
LOWER_IS_BETTER = {"labour_cost", "license_cost", "other_cost", "license_waste", "overhead"}
# KPIs whose change is neither good nor bad by itself (more hours may mean more work or less efficiency).
NEUTRAL = {"hours", "total_utilization"}


@dataclass(frozen=True)
class Kpi:
    """One KPI line: this period's value against the previous period's, formatted as shown."""

    metric: str
    label: str
    kind: str
    value: str  # formatted as shown
    previous: str
    change: str
    trend: str  # "up" | "down" | "flat" | "" (unknown)
    good: bool | None  # whether the change is good news; None when unknown or flat


def format_value(kind: str, raw: Any) -> str:
    """A KPI value as the report shows it (``moat.formatting.value_text``: the tiles' exact text)."""
    return value_text(raw, kind)


def format_change(kind: str, change: float | None) -> str:
    """A KPI's change as the report shows it (``moat.formatting.change_text``)."""
    return change_text(change, kind)


def kpi_lines(con: Connection, period: Period) -> list[Kpi]:
    """The KPIs of ``period`` against the previous period, as the Overview computes them, with good or bad news."""
    from moat.metrics.summary import summary

    out = []
    for row in summary(con, period).iter_rows(named=True):
        change = row["change"]
        trend = "" if change is None else "flat" if abs(change) < 0.0005 else "up" if change > 0 else "down"
        good = None if trend in ("", "flat") or row["metric"] in NEUTRAL else (trend == "down") == (row["metric"] in LOWER_IS_BETTER)
        out.append(Kpi(
            row["metric"], LABELS.get(row["metric"], row["metric"]), row["kind"],
            format_value(row["kind"], row["value"]), format_value(row["kind"], row["previous"]),
            format_change(row["kind"], change), trend, good,
        ))
    return out
