"""The Profitability page: the tiles of a period (or one segment of it) against the previous period, and the rows a
role may see: per client, or per segment where the policy keeps a Viewer to aggregates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from moat import access
from moat.config import Config
from moat.db import Connection
from moat.governance import policies
from moat.governance.permissions import User
from moat.metrics import profitability as metric
from moat.metrics.periods import Period
from moat.metrics.small_slices import pooled_segments_in
from moat.metrics.summary import change_notes
from moat.metrics.totals import by_segment, profitability_totals
from moat.views.kpis import tile, withheld

COMPARED = ("revenue", "gross_profit", "gross_margin", "ehr", "hours")  # KPIs whose change the page draws

ALL = "All segments"
CLIENT_COLUMNS = ["client_name", "segment", "agreement_type", "revenue", "labour_cost", "license_cost", "other_cost",
                  "gross_profit", "gross_margin", "hours", "ehr", "note"]
SEGMENT_COLUMNS = ["segment", "clients", "revenue", "gross_profit", "gross_margin", "hours"]


def segments(con: Connection, period: Period, user: User | None = None, cfg: Config | None = None) -> list[str] | None:
    """The segment choices ("All segments" first); None when nothing was invoiced or worked in ``period``.

    With ``user``: only the segments that user may see alone (``moat.access.visible_segments``: a Viewer kept to
    aggregates does not get a segment of fewer than 3 clients, whose figures are a client's, nor (h113) one pooled
    for its technicians or refused for the period; picking it was refused, now it is not offered)."""
    everyone = metric(con, period)
    if everyone.is_empty():
        return None
    if user is not None:
        return [ALL, *access.visible_segments(con, user, everyone, cfg, period)]
    return [ALL, *sorted(s for s in everyone["segment"].unique().to_list() if s is not None)]


@dataclass(frozen=True)
class ProfitabilityView:
    tiles: list[dict[str, Any]]
    clients: pl.DataFrame  # one row per client, worst margin first
    unknown_labour: bool  # some hours have no labour cost: say so
    client_level: bool  # the user may see rows per client (else ``by_segment``)
    pooled: frozenset[str] | None = None  # the segments shown pooled where client rows are hidden (None: by clients)

    def by_segment(self) -> pl.DataFrame:
        """Per segment; segments of fewer than 3 clients, or of fewer than 3 technicians' hours, pooled where the
        user may not see client rows (``small_slices.pooled_segments_in``)."""
        if self.client_level:
            return by_segment(self.clients)
        return access.pooled_by_segment(self.clients, None if self.pooled is None else set(self.pooled))


def profitability_view(con: Connection, user: User, period: Period, segment: str = ALL,
                       cfg: Config | None = None) -> ProfitabilityView:
    """The page's tiles and rows for ``segment`` (or all), changes withheld where the comparison would mislead."""
    chosen = None if segment == ALL else segment
    if chosen is not None:
        access.require_segment(con, user, metric(con, period), chosen, cfg, period)
    # a short period is one client's figures; so is the previous one, which the tiles' changes give away (h97 F5)
    access.require_enough_clients(con, user, period, "profitability", chosen, cfg, with_previous=True)
    prof = metric(con, period, chosen)
    now = profitability_totals(prof)
    before: dict[str, Any] | None = profitability_totals(metric(con, period.previous(), chosen))
    if withheld(con, period):
        before = None
    else:  # licence months, invoices and costs booked once a month: the Overview's rule (``summary.change_notes``)
        notes = change_notes(con, period, chosen)
        before = {name: None if notes.get(name) else value for name, value in before.items()}
    tiles = [
        tile("Revenue", now, before, "revenue", "money"),
        tile("Gross profit", now, before, "gross_profit", "money"),
        tile("Gross margin", now, before, "gross_margin", "percent"),
        tile("Effective hourly rate", now, before, "ehr", "money", help="Revenue per hour worked"),
        tile("Hours worked", now, before, "hours", "hours"),
    ]
    client_level = policies.get(con, cfg).client_rows_visible(user)
    # h113: a count of clients by their own gross profit is client-level for a Viewer kept to aggregates (as in Ask)
    tiles.append({"label": "Loss-making clients", "value": now["loss_making"] if client_level else None, "kind": "count",
                  "help": f"Clients with negative gross profit, of {now['clients']} with activity" if client_level
                  else access.withheld_count_text("clients lost money")})
    pooled = None if client_level else frozenset(pooled_segments_in(con, period, prof))
    return ProfitabilityView(tiles, prof, prof["note"].null_count() < prof.height, client_level, pooled)
