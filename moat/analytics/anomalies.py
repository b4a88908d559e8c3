"""Robust anomaly detection on each client's monthly costs, hours and seats.

For every client and series, the months with data are compared with their own median: robust z =
(x - median) / (1.4826 x MAD). A month is flagged when |z| > 3.5 (Iglewicz and Hoaglin's cut-off) and the series
has at least ``MIN_MONTHS`` points. When more than half the months are identical the MAD is 0; the scale then
falls back to 1.2533 x the mean absolute deviation (so one spike in an otherwise flat series is still found),
and a perfectly flat series has no scale and is never flagged. Median and MAD, unlike mean and standard
deviation, are not dragged along by the spike they are looking for.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from moat.analytics.evidence import Evidence

THRESHOLD = 3.5
MIN_MONTHS = 6
SERIES = ("costs", "hours", "seats")
# how each series' values are written (``moat.formatting.value_text``): costs are money, hours hours, seats a count
SERIES_KINDS = {"costs": "money", "hours": "hours", "seats": "number"}


def robust_z(values: list[float] | np.ndarray) -> np.ndarray:
    """Robust z-scores of one series (zeros when it has no spread)."""
    x = np.asarray(values, float)
    if x.size == 0:
        return x
    med = np.median(x)
    mad = np.median(np.abs(x - med))
    scale = 1.4826 * mad if mad > 0 else 1.253314 * np.mean(np.abs(x - med))
    return (x - med) / scale if scale > 0 else np.zeros_like(x)


def flags(values: list[float] | np.ndarray, threshold: float = THRESHOLD) -> list[int]:
    """Indexes of the anomalous points of one series."""
    if len(values) < MIN_MONTHS:
        return []
    return [int(i) for i in np.flatnonzero(np.abs(robust_z(values)) > threshold)]


def client_series(ev: Evidence) -> pl.DataFrame:
    """Long frame (client_key, month, series, value, money_per_unit) of the monthly series per client, in no
    particular order."""
    cm = ev.client_month
    if cm.is_empty():
        return pl.DataFrame(schema={"client_key": pl.Utf8, "month": pl.Date, "series": pl.Utf8, "value": pl.Float64,
                                    "money_per_unit": pl.Float64})
    cost_sources = ["time_entries", "licenses", "costs"]
    costs = (cm.filter(pl.col("source").is_in(cost_sources))
             .group_by("client_key", "month").agg(pl.col("amount").cast(pl.Float64).sum().alias("value"))
             .with_columns(pl.lit("costs").alias("series"), pl.lit(1.0).alias("money_per_unit")))
    lab = cm.filter(pl.col("source") == "time_entries")
    rate = lab.group_by("client_key").agg(
        (pl.col("amount").cast(pl.Float64).sum() / pl.col("hours").cast(pl.Float64).sum()).alias("money_per_unit"))
    hours = lab.select("client_key", "month", pl.col("hours").cast(pl.Float64).alias("value")).join(rate, on="client_key", how="left") \
        .with_columns(pl.lit("hours").alias("series"))
    lic = cm.filter(pl.col("source") == "licenses")
    unit = lic.group_by("client_key").agg(
        (pl.col("amount").cast(pl.Float64).sum() / pl.col("seats_purchased").cast(pl.Float64).sum()).alias("money_per_unit"))
    seats = lic.select("client_key", "month", pl.col("seats_purchased").cast(pl.Float64).alias("value")).join(unit, on="client_key", how="left") \
        .with_columns(pl.lit("seats").alias("series"))
    cols = ["client_key", "month", "series", "value", "money_per_unit"]
    return pl.concat([costs.select(cols), hours.select(cols), seats.select(cols)])  # unordered: sorting 150k rows cost a third


def detect(ev: Evidence, threshold: float = THRESHOLD) -> pl.DataFrame:
    """Flagged months: client, series, month, value, median, robust_z, direction, excess_money."""
    s = client_series(ev).with_columns(pl.col("money_per_unit").fill_null(0.0).fill_nan(0.0))
    g = ["client_key", "series"]
    s = s.with_columns(pl.col("value").median().over(g).alias("median"), pl.len().over(g).alias("points"))
    s = s.with_columns((pl.col("value") - pl.col("median")).abs().alias("dev"))
    s = s.with_columns(pl.col("dev").median().over(g).alias("mad"), pl.col("dev").mean().over(g).alias("mean_dev"))
    scale = pl.when(pl.col("mad") > 0).then(1.4826 * pl.col("mad")).otherwise(1.253314 * pl.col("mean_dev"))
    s = s.with_columns(scale.alias("scale"))
    s = s.with_columns(pl.when(pl.col("scale") > 0).then((pl.col("value") - pl.col("median")) / pl.col("scale"))
                       .otherwise(0.0).alias("robust_z"))
    out = s.filter((pl.col("points") >= MIN_MONTHS) & (pl.col("robust_z").abs() > threshold))
    names = ev.clients.select("client_key", "client_name")
    return out.join(names, on="client_key", how="left").with_columns(
        pl.coalesce("client_name", "client_key").alias("client_name"),
        pl.when(pl.col("robust_z") > 0).then(pl.lit("up")).otherwise(pl.lit("down")).alias("direction"),
        ((pl.col("value") - pl.col("median")) * pl.col("money_per_unit")).alias("excess_money"),
    ).select("client_key", "client_name", "series", "month", "value", "median", "robust_z", "direction", "excess_money") \
        .sort(["excess_money", "client_key", "series", "month"], descending=[True, False, False, False])
