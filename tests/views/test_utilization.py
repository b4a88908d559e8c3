"""moat.views.utilization: team tiles and head counts per band, from the settings' band."""

from __future__ import annotations

from datetime import date

from moat.metrics import utilization
from moat.metrics.periods import Period, default_period
from moat.views import utilization as view


def test_head_counts_follow_the_band(demo_con) -> None:
    period = default_period(demo_con)
    rates = utilization(demo_con, period)["billable_utilization"].to_list()
    for low, high in ((0.7, 0.8), (0.5, 0.9)):
        shown = view.utilisation_view(demo_con, period, low, high)
        tiles = {t["label"]: t["value"] for t in shown.tiles}
        assert tiles["Below target"] == sum(r < low for r in rates)
        assert tiles["Within target"] == sum(low <= r <= high for r in rates)
        assert tiles["Above target"] == sum(r > high for r in rates)
        assert set(shown.technicians["band"]) <= {"below", "within", "above"}
    assert shown.band == "50% to 90%"


def test_no_hours_no_view(demo_con) -> None:
    assert view.utilisation_view(demo_con, Period(date(2019, 1, 1), date(2019, 3, 31)), 0.7, 0.8) is None
