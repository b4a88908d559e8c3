# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 3. Deeper: client segments from behaviour, against the built-in risk score
#
# The app's client risk score (`moat.analytics.risk`) is deliberately simple and explainable: it compares the
# second half of a period with the first on revenue, hours, margin and ticket volume, with fixed weights. Here
# we build an independent view from twelve months of per-client trends — k-means clusters and a trend-based
# score — and ask where the two agree and where they do not.
#
# The demo has no churned clients, so there is no label to train a supervised churn model on; with your own
# data (clients whose `status` is churned or with an `end_date`), the feature table below is exactly what a
# logistic regression would take. Everything here is numpy + polars, no extra packages.

# %%
import os
import tempfile
from datetime import date
from pathlib import Path

import altair as alt
import numpy as np
import polars as pl
from IPython.display import display

import moat
from moat import demo
from moat.metrics.periods import Period

DB = os.environ.get("MOAT_DB_PATH") or str(Path(tempfile.mkdtemp()) / "demo.duckdb")
s = moat.open(DB)
if not s.remote and demo.is_empty(s.con):  # a remote session is the live database (the app serves it)
    demo.load(s.con, scale=1, seed=7, end=date(2026, 10, 31))
YEAR = Period(date(2025, 11, 1), date(2026, 10, 31))

# %% [markdown]
# ## Monthly series per client (read-only SQL)

# %%
P = [YEAR.start, YEAR.end]
rev = s.sql("SELECT client_name, date_trunc('month', date) AS month, sum(amount) AS revenue FROM cur_invoices "
            "WHERE date BETWEEN ? AND ? AND coalesce(lower(status), '') NOT IN ('draft', 'void') GROUP BY ALL", P)
work = s.sql(
    """
    SELECT te.client_name, date_trunc('month', te.date) AS month, sum(te.hours) AS hours, count(*) AS entries,
           sum(te.hours * coalesce(te.cost_rate, t.hourly_cost)) AS labour_cost
    FROM cur_time_entries te JOIN cur_technicians t ON t.technician_key = te.technician_key
    WHERE te.date BETWEEN ? AND ? GROUP BY ALL
    """,
    P,
)
series = (
    rev.join(work, on=["client_name", "month"], how="full", coalesce=True)
    .with_columns(pl.col("revenue", "hours", "entries", "labour_cost").cast(pl.Float64).fill_null(0.0))
    .with_columns(((pl.col("month").dt.year() - 2025) * 12 + pl.col("month").dt.month()).alias("t"))
    .with_columns(pl.when(pl.col("revenue") > 0).then(1 - pl.col("labour_cost") / pl.col("revenue")).alias("labour_margin"))
)
series.head()

# %% [markdown]
# ## Features: level and trend
# Trends are least-squares slopes per month, relative to the client's own mean, so a large and a small client
# shrinking by the same share look the same.

# %%
def slope(col: str) -> pl.Expr:
    return (pl.cov("t", col) / pl.col("t").var()).alias(f"{col}_slope")


features = (
    series.group_by("client_name")
    .agg(slope("revenue"), slope("hours"), slope("entries"), slope("labour_margin"),
         pl.col("revenue").mean().alias("revenue_mean"), pl.col("hours").mean().alias("hours_mean"),
         pl.col("entries").mean().alias("entries_mean"))
    .with_columns(
        (pl.col("revenue_slope") / pl.col("revenue_mean")).alias("revenue_trend"),
        (pl.col("hours_slope") / pl.col("hours_mean")).alias("hours_trend"),
        (pl.col("entries_slope") / pl.col("entries_mean")).alias("entries_trend"),
        pl.col("labour_margin_slope").alias("margin_trend"),
    )
    .join(s.profitability(YEAR).select("client_name", "segment", "gross_margin"), on="client_name")
    .select("client_name", "segment", "gross_margin", "revenue_trend", "hours_trend", "entries_trend", "margin_trend")
    .drop_nulls()
    .sort("client_name")
)
FEATURES = ["gross_margin", "revenue_trend", "hours_trend", "entries_trend", "margin_trend"]
features.describe()

# %% [markdown]
# ## k-means on standardised features
# A dozen lines of numpy: k-means++ seeding with a fixed seed, then Lloyd iterations until nothing moves.

# %%
X = features.select(FEATURES).to_numpy()
Z = (X - X.mean(axis=0)) / X.std(axis=0)


def kmeans(data: np.ndarray, k: int, seed: int = 7, iterations: int = 100) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = [data[rng.integers(len(data))]]
    while len(centres) < k:  # k-means++: far points are likelier seeds
        d2 = np.min([((data - c) ** 2).sum(axis=1) for c in centres], axis=0)
        centres.append(data[rng.choice(len(data), p=d2 / d2.sum())])
    centres = np.array(centres)
    for _ in range(iterations):
        labels = np.argmin(((data[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
        moved = np.array([data[labels == j].mean(axis=0) if (labels == j).any() else centres[j] for j in range(k)])
        if np.allclose(moved, centres):
            break
        centres = moved
    return labels, centres


labels, centres = kmeans(Z, k=3)
clustered = features.with_columns(pl.Series("cluster", labels).cast(pl.Utf8))
profile = clustered.group_by("cluster").agg(pl.len().alias("clients"), *[pl.col(f).mean() for f in FEATURES]).sort("gross_margin")
display(profile)

# %% [markdown]
# ## An independent trend score, and the built-in risk score
# Our score: shrinking revenue and hours, a falling margin and rising ticket volume, each as a z-score, summed
# with the same weights the built-in score uses. The built-in score reads the same twelve months.

# %%
zf = dict(zip(FEATURES, Z.T, strict=True))
own = 0.30 * -zf["revenue_trend"] + 0.20 * -zf["hours_trend"] + 0.30 * -zf["margin_trend"] + 0.20 * zf["entries_trend"]
builtin = s.client_risk(YEAR).select("client_name", "risk_score", "reasons")
compared = clustered.with_columns(pl.Series("trend_score", own)).join(builtin, on="client_name", how="left")


def ranks(values: np.ndarray) -> np.ndarray:
    order = values.argsort(kind="stable")
    out = np.empty(len(values))
    out[order] = np.arange(len(values))
    return out


rho = float(np.corrcoef(ranks(compared["trend_score"].to_numpy()), ranks(compared["risk_score"].to_numpy()))[0, 1])
top_own = set(compared.sort("trend_score", descending=True).head(5)["client_name"])
top_builtin = set(compared.sort("risk_score", descending=True).head(5)["client_name"])
print(f"Spearman rank correlation, trend score vs built-in risk score: {rho:+.2f}")
print(f"top-5 overlap: {sorted(top_own & top_builtin)}")
assert -1.0 <= rho <= 1.0
compared.sort("trend_score", descending=True).select("client_name", "cluster", "trend_score", "risk_score", "reasons").head(8)

# %% [markdown]
# Meridian Dental Group, whose fee was cut by 40% mid-year while the hours stayed, should stand out in both
# views: revenue trend down, margin trend down.

# %%
meridian = compared.filter(pl.col("client_name") == "Meridian Dental Group").row(0, named=True)
assert meridian["revenue_trend"] < 0 and meridian["margin_trend"] < 0
assert meridian["trend_score"] >= np.quantile(own, 0.75)
print(meridian["cluster"], round(meridian["trend_score"], 2), meridian["risk_score"], meridian["reasons"])

# %% [markdown]
# ## Where do the two disagree?
# Points far from the diagonal are worth a look: the built-in score compares two halves, so it misses slow,
# steady declines and over-reacts to one bad month; the trend score does the opposite.

# %%
alt.Chart(compared).mark_circle(size=90).encode(
    x=alt.X("trend_score:Q", title="Trend score (this notebook)"),
    y=alt.Y("risk_score:Q", title="Built-in risk score (0-100)"),
    color=alt.Color("cluster:N", title="Cluster"),
    tooltip=["client_name", "segment", alt.Tooltip("gross_margin:Q", format=".1%"),
             alt.Tooltip("trend_score:Q", format=".2f"), "risk_score"],
).properties(width=520, height=340, title=f"Two views of client risk (Spearman {rho:+.2f})")

# %%
s.close()
