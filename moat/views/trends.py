"""The Trends page: a monthly series with its forecast for the company or one client, and, for the roles that see
client rows, the anomalous months and the clients most at risk."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from moat.analytics import views
from moat.analytics.trends import SERIES
from moat.db import Connection
from moat.formatting import label
from moat.governance.permissions import User
from moat.metrics.periods import Period

COMPANY = "Company"
PERCENT_SERIES = ("gross_margin", "billable_utilization")
MONEY_SERIES = ("revenue", "costs", "ehr", "license_waste")  # the axis and tooltips carry the currency
RISK_SHOWN = 20


def series_names() -> list[str]:
    return list(SERIES)


def entities(con: Connection, user: User, period: Period) -> list[str]:
    """Whose series can be read: the company, and each client for the roles that see client rows."""
    return [COMPANY] + (views.client_names(con, period) if user.can("view_client_level") else [])


@dataclass(frozen=True)
class Trend:
    series: pl.DataFrame  # month, value, kind, low, high (empty: no monthly data for this selection)
    title: str  # the series in words
    percent: bool
    caption: str  # the forecast's method and the months read
    anomalies: pl.DataFrame | None  # None: not for this role
    risk: pl.DataFrame | None  # the RISK_SHOWN clients most at risk; None: not for this role
    money: bool = False  # a money series (the chart's axis in $)


def trend(con: Connection, user: User, period: Period, entity: str, series: str) -> Trend:
    """``entity`` is ``COMPANY`` or a client name."""
    from moat import access

    if entity == COMPANY:  # months in which fewer than 3 clients invoiced are a client's figures (h42 F1)
        access.require_enough_clients(con, user, period, "the company trend", by_month=True)
    view = views.trend_view(con, user, period, None if entity == COMPANY else entity, series)
    client_level = user.can("view_client_level")
    return Trend(
        view.series, label(series), series in PERCENT_SERIES,
        f"Forecast: {view.method}. Months {period.start:%b %Y} to {period.end:%b %Y}.",
        view.anomalies.drop("client_key", strict=False) if client_level else None,
        view.risk.drop("client_key", strict=False).head(RISK_SHOWN) if client_level else None,
        series in MONEY_SERIES,
    )
