"""The Utilisation page: each technician's billable utilisation against the healthy target band (settings
``utilization_low`` and ``utilization_high``), and the team's tiles against the previous period."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from moat.db import Connection
from moat.metrics import utilization
from moat.metrics.periods import Period
from moat.metrics.totals import utilization_totals, with_band
from moat.views.kpis import tile, withheld

COLUMNS = ["technician_name", "role", "available_hours", "billable_hours", "worked_hours", "billable_utilization",
           "total_utilization", "band"]


@dataclass(frozen=True)
class UtilisationView:
    tiles: list[dict[str, Any]]
    technicians: pl.DataFrame  # the metric's rows plus ``band`` (below / within / above)
    band: str  # "70% to 80%"


def utilisation_view(con: Connection, period: Period, low: float, high: float) -> UtilisationView | None:
    """The page's figures for ``period``; None when no hours were logged in it."""
    util = with_band(utilization(con, period), low, high)
    now = utilization_totals(util, low, high)
    if not now["entries"]:
        return None
    before = None if withheld(con, period) else utilization_totals(utilization(con, period.previous()), low, high)
    tiles = [
        tile("Billable utilisation", now, before, "billable_utilization", "percent",
             help="Billable hours / available hours, whole team"),
        tile("Total utilisation", now, before, "total_utilization", "percent", help="Worked hours / available hours, whole team"),
        tile("Worked hours", now, before, "worked_hours", "hours"),
        {"label": "Below target", "value": now["below"], "kind": "count", "help": f"Technicians under {low:.0%} billable"},
        {"label": "Within target", "value": now["within"], "kind": "count", "help": f"Technicians at {low:.0%} to {high:.0%}"},
        {"label": "Above target", "value": now["above"], "kind": "count", "help": f"Technicians over {high:.0%} billable"},
    ]
    return UtilisationView(tiles, util, f"{low:.0%} to {high:.0%}")
