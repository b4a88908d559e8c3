"""What the Overview page shows for a period, in one call: the KPI tiles, the monthly trend and the best and worst
clients, so the page script stays thin (widgets in, one call, draw) and a test can read the same figures.

Everything here follows the period picked (issue 17: "every page's period picker drives everything on it"). The
trend shows exactly the picked months, not a year back from the period's end as it did: next to three tiles for
Aug-Oct, twelve bars from November a year earlier read as if the tiles summed them. Its bars add up to the
tiles. One picked month is one bar, and the caption says that a trend needs a longer period rather than widening
the chart on its own. Months cut by a custom range hold only their days inside it (``trends.monthly``), and the
caption says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from moat import access
from moat.charts.captions import trend_caption  # shared with the report's trend (moat.export.report_charts)
from moat.config import Config
from moat.db import Connection
from moat.governance.permissions import User
from moat.metrics.periods import Period
from moat.metrics.profitability import profitability
from moat.metrics.summary import summary
from moat.metrics.trends import monthly

# (metric of ``summary``, tile label, extras): the executive tiles, in the order the page draws them.
TILES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("revenue", "Revenue", {}),
    ("gross_profit", "Gross profit", {}),
    ("gross_margin", "Gross margin", {}),
    ("ehr", "Effective hourly rate", {"help": "Revenue per hour worked"}),
    ("billable_utilization", "Billable utilisation", {"help": "Billable hours / available hours"}),
    ("total_utilization", "Total utilisation", {"help": "Worked hours / available hours"}),
    ("license_waste", "Licence waste", {"lower_is_better": True, "help": "Seats paid for but not active, at cost"}),
    ("overhead", "Overhead", {"lower_is_better": True, "help": "Costs not attached to a client (not in gross profit)"}),
    ("clients", "Active clients", {}),
)
CLIENT_COLUMNS = ["client_name", "revenue", "gross_profit", "gross_margin"]
SHOWN_CLIENTS = 5


@dataclass(frozen=True)
class OverviewView:
    """The Overview of one period. ``empty``: nobody invoiced or worked in it (the page shows the empty state)."""

    period: Period
    empty: bool
    tiles: list[dict[str, Any]] = field(default_factory=list)  # label, value, kind, change (+ help, lower_is_better)
    trend: pl.DataFrame = field(default_factory=pl.DataFrame)  # trends.monthly of exactly the picked months
    trend_caption: str = ""
    top_clients: pl.DataFrame | None = None  # CLIENT_COLUMNS; None when the role sees aggregates only
    lowest_margins: pl.DataFrame | None = None


def overview(con: Connection, period: Period, *, client_rows: bool = True, user: User | None = None,
             cfg: Config | None = None) -> OverviewView:
    """The tiles, the trend and (when ``client_rows``) the five most profitable and the five lowest-margin
    clients of ``period``, each against the same data (the caller's read snapshot).

    With ``user``: the small-group rule for periods (``moat.access.require_enough_clients``): a user kept to
    aggregates gets no tiles or monthly bars of a period (or a month cut by it) in which fewer than 3 clients
    invoiced or logged time."""
    if user is not None:
        access.require_enough_clients(con, user, period, "the Overview", cfg=cfg, by_month=True, with_previous=True)
    kpis = {row["metric"]: row for row in summary(con, period).iter_rows(named=True)}
    if kpis["clients"]["value"] in (None, "0"):  # summary() gives text values; no client had any activity
        return OverviewView(period, empty=True)
    tiles = [{"label": label, "value": kpis[metric]["value"], "kind": kpis[metric]["kind"],
              "change": kpis[metric]["change"], **extra} for metric, label, extra in TILES]
    top = lowest = None
    if client_rows:
        billed = profitability(con, period).filter(pl.col("revenue") != 0)
        top = billed.sort("gross_profit", descending=True, nulls_last=True).head(SHOWN_CLIENTS).select(CLIENT_COLUMNS)
        lowest = billed.sort("gross_margin", nulls_last=True).head(SHOWN_CLIENTS).select(CLIENT_COLUMNS)
    return OverviewView(period, False, tiles, monthly(con, period), trend_caption(period), top, lowest)
