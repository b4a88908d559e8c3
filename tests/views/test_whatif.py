"""moat.views.whatif: controls left alone change nothing; the tiles compare the margin now and after."""

from __future__ import annotations

from decimal import Decimal

from moat.analytics.whatif import Scenario
from moat.governance.permissions import User
from moat.metrics.periods import default_period
from moat.views import whatif as view


def test_untouched_controls_make_an_empty_scenario() -> None:
    s = view.scenario("Acme", 1234.565, 1234.57, view.NONE, 0, view.NONE, view.NONE, 0.0)
    assert s == Scenario("Acme")  # a fee within half a cent of today's is today's
    s = view.scenario("Acme", 1234.565, 1300.0, "M365 E3", 2, "Tom", "Priya", 5.0)
    assert s == Scenario("Acme", Decimal("1300.0"), "M365 E3", 2, "Tom", "Priya", 5.0)


def test_choices_and_tiles(demo_con) -> None:
    period = default_period(demo_con)
    client = view.client_names(demo_con, period)[0]
    offered = view.choices(demo_con, period, client)
    assert offered.products[0] == view.NONE and offered.technicians[0] == view.NONE and len(offered.technicians) > 1
    assert offered.fee == round(offered.monthly_revenue, 2)
    same = view.what_if(demo_con, User("ana", "analyst"), period, Scenario(client))
    tiles = {t["label"]: t for t in same.tiles}
    assert tiles["Gross margin now"]["value"] == tiles["Gross margin after"]["value"]
    assert tiles["Gross margin after"]["change"] == 0
    dearer = view.what_if(demo_con, User("ana", "analyst"), period, Scenario(client, Decimal(str(offered.fee * 2))))
    tiles = {t["label"]: t for t in dearer.tiles}
    assert tiles["Gross margin after"]["change"] > 0 and dearer.outcome.notes
