"""Monthly series per client and for the company, with a deliberately simple forecast.

The forecast is a straight-line trend fitted by least squares to the months shown, extended 3 months with a 95%
prediction interval (Student t, n - 2 degrees of freedom). With 12-13 months of history a seasonal model cannot be
fitted honestly (it needs two full years), so none is claimed; fewer than 4 months give no forecast at all. The
company series reuse ``moat.metrics.trends.monthly`` (the Overview's numbers); client series come from the run's
per-client monthly evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from moat.analytics.evidence import Evidence
from moat.db import Connection
from moat.metrics.periods import add_months, month_end
from moat.metrics.trends import monthly

METHOD = "linear trend (least squares), 95% prediction interval; no seasonality modelled"
MIN_POINTS = 4
HORIZON = 3
# two-sided 95% Student t quantiles by degrees of freedom (1..30); beyond 30 the normal 1.96 is close enough
_T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
         2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
SERIES = ("revenue", "costs", "gross_margin", "ehr", "hours", "billable_utilization", "license_waste")


@dataclass(frozen=True)
class Forecast:
    step: int
    value: float
    low: float
    high: float


def forecast(values: list[float], horizon: int = HORIZON) -> list[Forecast]:
    """Linear-trend forecast of the next ``horizon`` points with a 95% prediction interval ([] when too short)."""
    y = np.asarray([v for v in values if v is not None and np.isfinite(v)], float)
    n = y.size
    if n < MIN_POINTS:
        return []
    x = np.arange(n, dtype=float)
    xm = x.mean()
    sxx = float(((x - xm) ** 2).sum())
    slope = float(((x - xm) * (y - y.mean())).sum() / sxx)
    intercept = float(y.mean() - slope * xm)
    resid = y - (intercept + slope * x)
    s = float(np.sqrt((resid ** 2).sum() / (n - 2)))
    t = _T975[n - 3] if n - 2 <= len(_T975) else 1.96
    out = []
    for h in range(1, horizon + 1):
        x0 = n - 1 + h
        mid = intercept + slope * x0
        half = t * s * float(np.sqrt(1 + 1 / n + (x0 - xm) ** 2 / sxx))
        out.append(Forecast(h, mid, mid - half, mid + half))
    return out


def _derive(df: pl.DataFrame) -> pl.DataFrame:
    f = pl.Float64
    return df.with_columns(
        (pl.col("labour_cost").cast(f) + pl.col("license_cost").cast(f) + pl.col("other_cost").cast(f)).alias("costs"),
    ).with_columns(
        pl.when(pl.col("revenue").cast(f) != 0).then(1 - pl.col("costs") / pl.col("revenue").cast(f)).otherwise(None).alias("gross_margin"),
        pl.when(pl.col("hours").cast(f) > 0).then(pl.col("revenue").cast(f) / pl.col("hours").cast(f)).otherwise(None).alias("ehr"),
    )


def client_monthly(ev: Evidence, client_key: str) -> pl.DataFrame:
    """month, revenue, labour/licence/other cost, costs, gross_margin, hours, ehr, license_waste for one client."""
    cm = ev.client_month.filter(pl.col("client_key") == client_key)
    months = pl.DataFrame({"month": ev.months}, schema={"month": pl.Date})
    f = pl.Float64

    def part(source: str, column: str, name: str) -> pl.DataFrame:
        return cm.filter(pl.col("source") == source).select("month", pl.col(column).cast(f).alias(name))

    out = months
    for source, column, name in (("invoices", "amount", "revenue"), ("time_entries", "amount", "labour_cost"),
                                 ("licenses", "amount", "license_cost"), ("costs", "amount", "other_cost"),
                                 ("time_entries", "hours", "hours"), ("licenses", "license_waste", "license_waste")):
        out = out.join(part(source, column, name), on="month", how="left")
    out = out.with_columns([pl.col(c).fill_null(0.0) for c in ("revenue", "labour_cost", "license_cost", "other_cost", "hours", "license_waste")])
    return _derive(out)


def _weekdays(start: date, end: date) -> int:
    return max(0, int(np.busday_count(np.datetime64(start), np.datetime64(end) + 1)))


def _available(util: pl.DataFrame, start: date, end: date) -> float:
    """The team's available hours in [start, end]: each technician's weekly capacity over their weekdays in it, up to
    their last working day (``capacity_to``, h75), as ``moat.metrics.utilization`` counts them."""
    return sum(float(cap) * _weekdays(start, min(end, to)) / 5
               for cap, to in util.select("weekly_capacity_hours", "capacity_to").iter_rows())


def company_monthly(con: Connection, ev: Evidence) -> pl.DataFrame:
    """The company's months (``moat.metrics.trends.monthly``) plus EHR, billable utilisation and licence waste."""
    base = monthly(con, ev.period)
    if base.is_empty():
        return base
    available = [_available(ev.util, max(m, ev.period.start), min(month_end(m), ev.period.end)) for m in base["month"]]
    billable = ev.tech_month.group_by("month").agg(pl.col("billable_hours").cast(pl.Float64).sum())
    waste = ev.client_month.filter(pl.col("source") == "licenses").group_by("month").agg(
        pl.col("license_waste").cast(pl.Float64).sum())
    out = base.with_columns(pl.Series("available_hours", available)).join(billable, on="month", how="left") \
        .join(waste, on="month", how="left").with_columns(pl.col("license_waste").fill_null(0.0))
    out = out.with_columns(
        pl.when(pl.col("available_hours") > 0).then(pl.col("billable_hours").fill_null(0.0) / pl.col("available_hours"))
        .otherwise(None).alias("billable_utilization"))
    return _derive(out.drop("gross_margin"))


def with_forecast(df: pl.DataFrame, column: str, horizon: int = HORIZON) -> pl.DataFrame:
    """month, value, kind (actual|forecast), low, high: the series and its forecast, ready for a chart."""
    actual = df.select("month", pl.col(column).cast(pl.Float64).alias("value")).with_columns(
        pl.lit("actual").alias("kind"), pl.lit(None, pl.Float64).alias("low"), pl.lit(None, pl.Float64).alias("high"))
    # A partial last month (period ending mid-month) would bend the line: fit on what is shown anyway, but say so.
    fc = forecast(actual["value"].to_list(), horizon)
    if not fc:
        return actual
    last = actual["month"].max()
    future = pl.DataFrame({
        "month": [add_months(last, f.step) for f in fc], "value": [f.value for f in fc], "kind": ["forecast"] * len(fc),
        "low": [f.low for f in fc], "high": [f.high for f in fc],
    }, schema={"month": pl.Date, "value": pl.Float64, "kind": pl.Utf8, "low": pl.Float64, "high": pl.Float64})
    return pl.concat([actual, future])
