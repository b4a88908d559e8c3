"""moat.views.trends: whose series each role may read, and the series with its caption."""

from __future__ import annotations

from moat.governance.permissions import User
from moat.metrics.periods import default_period
from moat.views import trends as view

VIEWER, ANALYST = User("vic", "viewer"), User("ana", "analyst")


def test_viewers_read_the_company_only(demo_con) -> None:
    period = default_period(demo_con, 12)
    assert view.entities(demo_con, VIEWER, period) == [view.COMPANY]
    clients = view.entities(demo_con, ANALYST, period)
    assert clients[0] == view.COMPANY and "Meridian Dental Group" in clients and len(clients) == 41
    shown = view.trend(demo_con, VIEWER, period, view.COMPANY, "revenue")
    assert shown.anomalies is None and shown.risk is None
    assert shown.caption == "Forecast: linear trend" + shown.caption.removeprefix("Forecast: linear trend")
    assert shown.caption.endswith("Months Nov 2025 to Oct 2026.")


def test_client_series_with_anomalies_and_risk(demo_con) -> None:
    period = default_period(demo_con, 12)
    shown = view.trend(demo_con, ANALYST, period, "Meridian Dental Group", "gross_margin")
    assert shown.percent and shown.title == "Gross margin" and not shown.series.is_empty()
    assert "client_key" not in shown.risk.columns and shown.risk.height <= view.RISK_SHOWN
    assert shown.anomalies is not None and "client_key" not in shown.anomalies.columns
    assert not view.trend(demo_con, ANALYST, period, view.COMPANY, "revenue").percent
