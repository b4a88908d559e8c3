"""h97 F5: the Profitability and Utilisation pages gave a Viewer kept to aggregates what the company summary refuses.

h48 and h76 refuse a total of a period, or of the previous period a summary compares with, in which fewer than 3
clients invoiced or logged time. The Profitability page checked its period but not the previous one, whose figures
its tiles' changes give away (revenue 207,907.28 with a change of +5,763% is a previous revenue of 3,546.00, one
client's invoice). The Utilisation page checked neither: a one-day range on a Saturday when one technician worked
for one client showed that day's worked hours (the one client's and the one technician's), and the change gave
the day before's. Both views now apply the rule to the period and to the previous one.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import moat
from moat.errors import TooFewClients
from moat.governance.permissions import User
from moat.metrics.periods import Period
from moat.views import profitability, utilization
from tests.hardening.small_periods import restrict_viewers
from tests.hardening.test_h76_previous_period import _period_after_a_small_one

VIEWER = User("v", "viewer")
ANALYST = User("a", "analyst")
WHY = "fewer than 3 clients"


def test_profitability_tiles_refuse_a_small_previous_period(demo_path: Path) -> None:
    path = restrict_viewers(demo_path)
    period, amount = _period_after_a_small_one(path)
    with moat.open(path, user=ANALYST) as analyst:  # the premise: the previous period's revenue is a few clients'
        # (h125: a custom period whose invoice days differ from its previous one's withholds the tile's change, so
        # the premise reads the previous period itself rather than value / (1 + change))
        before = profitability.profitability_view(analyst.con, analyst.user, period.previous()).tiles
        assert float({t["label"]: t for t in before}["Revenue"]["value"]) == pytest.approx(amount)
    with moat.open(path, user=VIEWER) as viewer:
        with pytest.raises(TooFewClients, match=str(period.previous().start)):
            profitability.profitability_view(viewer.con, viewer.user, period)
        assert profitability.profitability_view(viewer.con, viewer.user, Period(date(2026, 8, 1), date(2026, 10, 31)))


def test_utilisation_tiles_refuse_a_one_client_day(demo_path: Path, tmp_path: Path) -> None:
    entry = tmp_path / "saturday.csv"
    entry.write_text("Entry ID,Date,Technician,Client,Hours,Billable\nSAT-1,2026-10-24,Priya Shah,Harbor Logistics,5.5,Yes\n",
                     encoding="utf-8")
    path = restrict_viewers(demo_path)
    with moat.open(path) as admin:
        assert admin.ingest(entry)["rows_loaded"] == 1
    saturday = Period(date(2026, 10, 24), date(2026, 10, 24))
    with moat.open(path, user=ANALYST) as analyst:  # the premise: the tile is that one entry
        tiles = {t["label"]: t for t in utilization.utilisation_view(analyst.con, saturday, 0.7, 0.85, analyst.user).tiles}
        assert tiles["Worked hours"]["value"] == Decimal("5.5")
    with moat.open(path, user=VIEWER) as viewer:
        with pytest.raises(TooFewClients, match=WHY):
            utilization.utilisation_view(viewer.con, saturday, 0.7, 0.85, viewer.user)
        month = utilization.utilisation_view(viewer.con, Period(date(2026, 10, 1), date(2026, 10, 31)), 0.7, 0.85,
                                             viewer.user)
        assert month is not None and month.technicians is None  # an ordinary month: team tiles, no rows
