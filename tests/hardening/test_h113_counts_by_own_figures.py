"""h113: counts of clients or technicians by their own figures, refused by Ask, shown on the pages.

For a Viewer kept to aggregates Ask refuses "how many clients lost money" and "how many technicians were over
capacity" (a count by each one's own figure is client-level: over a small group it tells each member's side, e.g.
3 of 3 technicians below target). The Profitability page's "Loss-making clients" tile and the Utilisation page's
"Below / Within / Above target" tiles gave the Viewer those same counts (for a segment of 8 clients: 2 lost money).
They are now withheld for such a Viewer, with a help text naming the policy; analysts keep them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import moat
from moat.governance.permissions import User
from moat.metrics.periods import Period
from moat.views import profitability, utilization
from tests.hardening.small_periods import restrict_viewers

VIEWER = User("v", "viewer")
ANALYST = User("a", "analyst")
OCTOBER = Period(date(2026, 10, 1), date(2026, 10, 31))
BANDS = ("Below target", "Within target", "Above target")


def _tiles(view) -> dict:
    return {t["label"]: t for t in view.tiles}


def test_counts_by_own_figures_are_withheld_from_the_viewer(demo_path: Path) -> None:
    path = restrict_viewers(demo_path)
    with moat.open(path, user=ANALYST) as analyst:  # the premise: the counts the tiles hold
        tiles = _tiles(profitability.profitability_view(analyst.con, analyst.user, OCTOBER, "legal"))
        assert isinstance(tiles["Loss-making clients"]["value"], int)
        bands = _tiles(utilization.utilisation_view(analyst.con, OCTOBER, 0.7, 0.85, analyst.user))
        assert sum(bands[b]["value"] for b in BANDS) >= 3
        asked = analyst.ask("how many clients lost money in October 2026", as_of=date(2026, 11, 15))
        assert not asked.refused
    with moat.open(path, user=VIEWER) as viewer:
        asked = viewer.ask("how many clients lost money in October 2026", as_of=date(2026, 11, 15))
        assert asked.refused  # Ask's rule, which the pages now follow
        tiles = _tiles(profitability.profitability_view(viewer.con, viewer.user, OCTOBER, "legal"))
        assert tiles["Loss-making clients"]["value"] is None
        assert "viewers_see_client_rows" in tiles["Loss-making clients"]["help"]
        assert tiles["Revenue"]["value"] > 0  # the company's figures are still shown
        bands = _tiles(utilization.utilisation_view(viewer.con, OCTOBER, 0.7, 0.85, viewer.user))
        assert [bands[b]["value"] for b in BANDS] == [None, None, None]
        assert bands["Worked hours"]["value"] > 0
