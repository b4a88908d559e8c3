"""F19: the Trends chart of a money series carries the currency on its axis and tooltips ("$0k", as Overview's)."""

from __future__ import annotations

from moat.charts.forecast import forecast
from moat.governance.permissions import User
from moat.metrics.periods import default_period
from moat.views import trends


def axis_formats(spec: dict) -> list[str]:
    found = []
    for layer in spec["layer"]:
        y = layer.get("encoding", {}).get("y", {})
        if isinstance(y, dict) and "axis" in y:
            found.append(y["axis"]["format"])
    return found


def test_money_series_in_dollars_others_not(demo_con) -> None:
    analyst, period = User("ana", "analyst"), default_period(demo_con, 12)
    revenue = trends.trend(demo_con, analyst, period, trends.COMPANY, "revenue")
    assert revenue.money and not revenue.percent
    assert set(axis_formats(forecast(revenue.series, revenue.title, money=revenue.money).to_dict())) == {"$~s"}
    hours = trends.trend(demo_con, analyst, period, trends.COMPANY, "hours")
    assert not hours.money
    assert set(axis_formats(forecast(hours.series, hours.title, money=hours.money).to_dict())) == {"~s"}
