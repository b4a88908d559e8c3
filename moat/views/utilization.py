"""The Utilisation page: each technician's billable utilisation against the healthy target band (settings
``utilization_low`` and ``utilization_high``), and the team's tiles against the previous period."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from moat import access
from moat.config import Config
from moat.db import Connection
from moat.governance.permissions import User
from moat.metrics import utilization
from moat.metrics.periods import Period
from moat.metrics.totals import utilization_totals, with_band
from moat.views.kpis import tile, withheld

COMPARED = ("billable_utilization", "total_utilization", "hours")  # KPIs whose change the page draws

COLUMNS = ["technician_name", "role", "available_hours", "billable_hours", "worked_hours", "billable_utilization",
           "total_utilization", "band", "capacity_note"]  # the note: a technician gone or disabled in the period (h75)


@dataclass(frozen=True)
class UtilisationView:
    tiles: list[dict[str, Any]]
    technicians: pl.DataFrame | None  # the metric's rows plus ``band``; None where the role may not see them
    band: str  # "70% to 80%"


def utilisation_view(con: Connection, period: Period, low: float, high: float, user: User | None = None,
                     cfg: Config | None = None) -> UtilisationView | None:
    """The page's figures for ``period``; None when no hours were logged in it.

    With ``user``: the per-technician rows only where that user may see them (``moat.access``: a Viewer kept to
    aggregates by the policy ``viewers_see_client_rows`` gets the team's tiles only, as on the other pages), and
    no tiles of a period, or of the previous period their changes compare with, in which fewer than 3 clients logged
    time or invoiced (h97 F5: a one-day range gave the hours the company summary refuses)."""
    if user is not None:
        access.require_enough_clients(con, user, period, "utilisation", cfg=cfg, with_previous=True)
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
    ]
    visible = user is None or access.client_rows_visible(con, user, cfg)
    # h113: technicians per band are counts by each one's own utilisation (3 of 3 below target tells everyone's band):
    # withheld from a Viewer kept to aggregates, as Ask refuses "how many technicians were over capacity"
    hidden = access.withheld_count_text("technicians are in each band")
    tiles += [
        {"label": "Below target", "value": now["below"] if visible else None, "kind": "count",
         "help": f"Technicians under {low:.0%} billable" if visible else hidden},
        {"label": "Within target", "value": now["within"] if visible else None, "kind": "count",
         "help": f"Technicians at {low:.0%} to {high:.0%}" if visible else hidden},
        {"label": "Above target", "value": now["above"] if visible else None, "kind": "count",
         "help": f"Technicians over {high:.0%} billable" if visible else hidden},
    ]
    return UtilisationView(tiles, util if visible else None, f"{low:.0%} to {high:.0%}")
