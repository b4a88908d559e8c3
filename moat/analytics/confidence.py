"""Confidence of a result in [0, 1], from the evidence behind it, with every part visible.

The original system gave every result 0.8. Here each part is a number in [0, 1] computed from the rows that fed
the figure, and the confidence is their weighted mean, so a reader can see *why* a figure is shaky:

    completeness = (months with data / months in the period) x (share of needed fields present)
    sample_size  = n / (n + 10)                         n = source rows (invoices, entries, licence lines, costs)
    recency      = 1 if the newest row is <= 31 days before the period end, falling linearly to 0 at 181 days
    name_match   = (n - rows resolved through an alias) / (n + quarantined rows attributed to the entity)
    outliers     = 1 - (share of the absolute amount that comes from the 3 largest rows; among time entries the
                   candidates are each month's largest entry, which can only understate a concentration)

    confidence   = 0 when n = 0, else
                   0.30 completeness + 0.20 sample_size + 0.20 recency + 0.15 name_match + 0.15 outliers

Months with data: for a client's profitability the mean of the invoice months and time-entry months (revenue and
labour each need their own months); for a technician the time-entry months; for licences the billed months.
Fields present: the share of hours with a known cost (profitability), 1 - half the share of licence lines
without seats_active (licences; waste then falls back to seats_assigned), 0.5 when a technician's capacity was
defaulted to 40 h (utilisation). Quarantined rows cannot be tied to an entity (their name did not resolve), so
each dataset's open quarantine rate is prorated over the entity's rows of that dataset.

Every part is non-increasing when a month of data goes missing (fewer months, fewer rows, older newest row), so
more missing months never raise confidence (a Hypothesis test checks it). Results below the configured
``review_confidence`` (default 0.7) go to review.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import numpy as np
import polars as pl

from moat.db import Connection

WEIGHTS = {"completeness": 0.30, "sample_size": 0.20, "recency": 0.20, "name_match": 0.15, "outliers": 0.15}
SAMPLE_HALF = 10  # rows at which sample_size is 0.5
FRESH_DAYS, STALE_DAYS = 31, 181
TOP_ROWS = 3
PARTS = tuple(WEIGHTS)


@dataclass(frozen=True)
class Evidence:
    """The raw numbers one confidence is computed from (what the "how was this computed" expander shows)."""

    months_present: float
    months_total: int
    fields_present: float
    rows: int
    age_days: int
    alias_rows: int = 0
    quarantined_rows: float = 0.0
    top_share: float = 0.0


def parts_arrays(
    months_present: Any, months_total: Any, fields_present: Any, n: Any, age_days: Any,
    alias_rows: Any, quarantined_rows: Any, top_share: Any,
) -> dict[str, np.ndarray]:
    """The five parts and the confidence, vectorised (numpy arrays or scalars in, float arrays out)."""
    months_present, months_total = np.asarray(months_present, float), np.asarray(months_total, float)
    n = np.asarray(n, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        completeness = np.clip(np.where(months_total > 0, months_present / months_total, 0.0), 0, 1)
        completeness = completeness * np.clip(np.asarray(fields_present, float), 0, 1)
        sample = n / (n + SAMPLE_HALF)
        recency = np.clip(1 - (np.asarray(age_days, float) - FRESH_DAYS) / (STALE_DAYS - FRESH_DAYS), 0, 1)
        denominator = n + np.asarray(quarantined_rows, float)
        name_match = np.clip(np.where(denominator > 0, (n - np.asarray(alias_rows, float)) / denominator, 0.0), 0, 1)
        outliers = np.clip(1 - np.asarray(top_share, float), 0, 1)
    parts = {"completeness": completeness, "sample_size": sample, "recency": recency, "name_match": name_match,
             "outliers": outliers}
    total = sum(WEIGHTS[k] * parts[k] for k in PARTS)
    parts["confidence"] = np.where(n > 0, total, 0.0)
    return parts


def score(evidence: Evidence) -> dict[str, float]:
    """Parts and confidence of one result (rounded to 4 places for display; the formula is in the module doc)."""
    arrays = parts_arrays(**{k: v for k, v in asdict(evidence).items() if k != "rows"}, n=evidence.rows)
    return {k: round(float(v), 4) for k, v in arrays.items()}


def _age(period_end: date, newest: pl.Expr) -> pl.Expr:
    return (pl.lit(period_end) - newest).dt.total_days().clip(lower_bound=0).fill_null(10_000)


def _top_shares(frame: pl.DataFrame, key: str) -> pl.DataFrame:
    """Per entity: share of the absolute total held by the TOP_ROWS largest rows (from per-month top lists)."""
    if frame.is_empty():
        return pl.DataFrame(schema={key: pl.Utf8, "top_share": pl.Float64})
    tops = frame.select(key, pl.col("top").cast(pl.List(pl.Float64))).explode("top").group_by(key).agg(
        pl.col("top").top_k(TOP_ROWS).sum().alias("_top"))
    totals = frame.group_by(key).agg(pl.col("abs_total").cast(pl.Float64).sum().alias("_total"))
    return tops.join(totals, on=key).select(
        key, pl.when(pl.col("_total") > 0).then(pl.col("_top") / pl.col("_total")).otherwise(0.0).alias("top_share"))


def _finish(df: pl.DataFrame, key: str) -> pl.DataFrame:
    if df.is_empty():  # a period without activity: the same columns, no rows (not a missing-column crash)
        inputs = ("months_present", "months_total", "fields_present", "rows", "age_days", "alias_rows",
                  "quarantined_rows", "top_share")
        df = df.with_columns([pl.lit(None, pl.Float64).alias(c) for c in inputs if c not in df.columns])
    arrays = parts_arrays(
        df["months_present"].to_numpy(), df["months_total"].to_numpy(), df["fields_present"].to_numpy(),
        df["rows"].to_numpy(), df["age_days"].to_numpy(), df["alias_rows"].to_numpy(),
        df["quarantined_rows"].to_numpy(), df["top_share"].to_numpy(),
    )
    return df.with_columns([pl.Series(k, v.astype(float)) for k, v in arrays.items()]).select(
        [key, "confidence", *PARTS, "months_present", "months_total", "fields_present", "rows", "age_days",
         "alias_rows", "quarantined_rows", "top_share"]
    )


def _quarantined(source_rows: pl.Expr, rate: float) -> pl.Expr:
    return source_rows.cast(pl.Float64) * (rate / (1 - rate) if rate < 1 else 0.0)


def client_confidence(ev: Any) -> pl.DataFrame:
    """Confidence of each client's profitability figures (``ev``: ``moat.analytics.evidence.Evidence``)."""
    cm = ev.client_month
    months_total = len(ev.months)
    q = ev.quarantine_rate
    if cm.is_empty():
        return _finish(_empty_client(), "client_key")
    src = pl.col("source")
    agg = cm.group_by("client_key").agg(
        ((pl.col("month").filter(src == "invoices").n_unique() + pl.col("month").filter(src == "time_entries").n_unique()) / 2)
        .alias("months_present"),
        pl.col("n").sum().alias("rows"),
        pl.col("newest").filter(src.is_in(["invoices", "time_entries"])).max().alias("newest_activity"),
        pl.col("newest").max().alias("newest_any"),
        pl.col("hours").sum().alias("hours"), pl.col("uncosted_hours").sum().alias("uncosted"),
        (_quarantined(pl.col("n").filter(src == "invoices").sum(), q.get("invoices", 0.0))
         + _quarantined(pl.col("n").filter(src == "time_entries").sum(), q.get("time_entries", 0.0))
         + _quarantined(pl.col("n").filter(src == "licenses").sum(), q.get("licenses", 0.0))
         + _quarantined(pl.col("n").filter(src == "costs").sum(), q.get("costs", 0.0))).alias("quarantined_rows"),
    ).join(_top_shares(cm, "client_key"), on="client_key", how="left")
    agg = agg.join(ev.alias_clients, on="client_key", how="left").with_columns(
        pl.lit(months_total).alias("months_total"),
        pl.when(pl.col("hours").cast(pl.Float64) > 0)
        .then(1 - pl.col("uncosted").cast(pl.Float64) / pl.col("hours").cast(pl.Float64)).otherwise(1.0)
        .alias("fields_present"),
        _age(ev.period.end, pl.coalesce("newest_activity", "newest_any")).alias("age_days"),
        pl.col("alias_rows").fill_null(0),
    )
    return _finish(agg, "client_key")


def license_confidence(ev: Any) -> pl.DataFrame:
    """Confidence of each client's licence figures (seats, waste)."""
    cm = ev.client_month.filter(pl.col("source") == "licenses") if not ev.client_month.is_empty() else _empty_client()
    rate = ev.quarantine_rate.get("licenses", 0.0)
    agg = cm.group_by("client_key").agg(
        pl.col("month").n_unique().cast(pl.Float64).alias("months_present"),
        pl.col("n").sum().alias("rows"),
        (1 - 0.5 * pl.col("without_active").sum().cast(pl.Float64) / pl.col("n").sum().cast(pl.Float64)).alias("fields_present"),
        pl.col("newest").max().alias("newest"),
        _quarantined(pl.col("n").sum(), rate).alias("quarantined_rows"),
    ).join(_top_shares(cm, "client_key"), on="client_key", how="left").with_columns(
        pl.lit(len(ev.months)).alias("months_total"), _age(ev.period.end, pl.col("newest")).alias("age_days"),
        pl.lit(0).alias("alias_rows"),
    )
    return _finish(agg, "client_key")


def technician_confidence(ev: Any) -> pl.DataFrame:
    """Confidence of each technician's utilisation."""
    tm = ev.tech_month
    rate = ev.quarantine_rate.get("time_entries", 0.0)
    base = ev.util.select("technician_key", "capacity_defaulted")
    if tm.is_empty():
        agg = base.with_columns(
            pl.lit(0.0).alias("months_present"), pl.lit(0).alias("rows"), pl.lit(None, pl.Date).alias("newest"),
            pl.lit(0.0).alias("quarantined_rows"), pl.lit(0.0).alias("top_share"),
        )
    else:
        agg = base.join(
            tm.group_by("technician_key").agg(
                pl.col("month").n_unique().cast(pl.Float64).alias("months_present"), pl.col("n").sum().alias("rows"),
                pl.col("newest").max().alias("newest"), _quarantined(pl.col("n").sum(), rate).alias("quarantined_rows"),
            ).join(_top_shares(tm, "technician_key"), on="technician_key", how="left"),
            on="technician_key", how="left",
        ).with_columns(pl.col("months_present").fill_null(0.0), pl.col("rows").fill_null(0),
                       pl.col("quarantined_rows").fill_null(0.0), pl.col("top_share").fill_null(0.0))
    agg = agg.join(ev.alias_techs, on="technician_key", how="left").with_columns(
        pl.lit(len(ev.months)).alias("months_total"),
        pl.when(pl.col("capacity_defaulted")).then(0.5).otherwise(1.0).alias("fields_present"),
        _age(ev.period.end, pl.col("newest")).alias("age_days"), pl.col("alias_rows").fill_null(0),
    )
    return _finish(agg, "technician_key")


def company_confidence(ev: Any) -> dict[str, float]:
    """One confidence for company-wide KPIs: all sources pooled."""
    cm = ev.client_month
    if cm.is_empty():
        return score(Evidence(0, len(ev.months), 1.0, 0, 10_000))
    activity = cm.filter(pl.col("source").is_in(["invoices", "time_entries"]))
    months_present = (
        activity.filter(pl.col("source") == "invoices")["month"].n_unique()
        + activity.filter(pl.col("source") == "time_entries")["month"].n_unique()
    ) / 2
    hours = float(cm["hours"].sum() or 0)
    uncosted = float(cm["uncosted_hours"].sum() or 0)
    n = int(cm["n"].sum())
    quarantined = sum(
        float(cm.filter(pl.col("source") == d)["n"].sum()) * (r / (1 - r) if r < 1 else 0)
        for d, r in ev.quarantine_rate.items() if d in ("invoices", "time_entries", "licenses", "costs")
    )
    # The TOP_ROWS largest candidates, picked in polars (tens of thousands of per-month lists at 1M rows), summed
    # largest first as before.
    tops = sorted(cm["top"].cast(pl.List(pl.Float64)).explode().drop_nulls().top_k(TOP_ROWS).to_list(), reverse=True)
    total = float(cm["abs_total"].sum() or 0)
    newest = activity["newest"].max() if activity.height else cm["newest"].max()
    return score(Evidence(
        months_present=months_present, months_total=len(ev.months),
        fields_present=1 - uncosted / hours if hours else 1.0, rows=n,
        age_days=max(0, (ev.period.end - newest).days) if newest else 10_000,
        alias_rows=int(ev.alias_clients["alias_rows"].sum() or 0) if ev.alias_clients.height else 0,
        quarantined_rows=quarantined, top_share=sum(tops) / total if total else 0.0,
    ))


def _empty_client() -> pl.DataFrame:
    return pl.DataFrame(schema={
        "source": pl.Utf8, "client_key": pl.Utf8, "month": pl.Date, "n": pl.Int64, "newest": pl.Date,
        "hours": pl.Float64, "uncosted_hours": pl.Float64, "top": pl.List(pl.Float64), "abs_total": pl.Float64,
        "without_active": pl.Int64,
    })


def annotate(con: Connection, metric_name: str, frame: pl.DataFrame, period: Any) -> pl.DataFrame:
    """``frame`` (a ``moat metrics`` result) plus a ``confidence`` column, for the CLI and pages.

    Rows are matched on ``client_key`` (profitability, licences by client) or ``technician_key`` (utilisation);
    frames without either (summary, licences by product) get the company confidence on every row.
    """
    from moat.analytics.evidence import gather

    ev = gather(con, period, with_detail=False)
    if "client_key" in frame.columns:
        conf = license_confidence(ev) if metric_name in ("licenses", "license", "licences") else client_confidence(ev)
        return frame.join(conf.select("client_key", "confidence"), on="client_key", how="left").with_columns(
            pl.col("confidence").fill_null(0.0))
    if "technician_key" in frame.columns:
        conf = technician_confidence(ev)
        return frame.join(conf.select("technician_key", "confidence"), on="technician_key", how="left").with_columns(
            pl.col("confidence").fill_null(0.0))
    return frame.with_columns(pl.lit(company_confidence(ev)["confidence"]).alias("confidence"))
