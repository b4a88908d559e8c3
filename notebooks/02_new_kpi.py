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
# # 2. Extending: a new KPI, revenue and labour per managed seat
#
# MSPs price managed agreements per user or per device. A useful KPI the app does not have (yet): **revenue
# per seat-month** and **labour hours per seat-month**, where a client's seats are the licence seats it buys
# from us each month. High labour per seat with low revenue per seat is an agreement priced too low for how
# much support its users need.
#
# Recipe: pull the inputs with read-only SQL, compute the KPI in polars, chart it with Altair — and check it
# against the built-in metrics so the new number is consistent with everything else.

# %%
import os
import tempfile
from datetime import date
from pathlib import Path

import altair as alt
import polars as pl
from IPython.display import display

import moat
from moat import demo

DB = os.environ.get("MOAT_DB_PATH") or str(Path(tempfile.mkdtemp()) / "demo.duckdb")
s = moat.open(DB)
if not s.remote and demo.is_empty(s.con):  # a remote session is the live database (the app serves it)
    demo.load(s.con, scale=1, seed=7, end=date(2026, 10, 31))
START, END = date(2026, 5, 1), date(2026, 10, 31)

# %% [markdown]
# ## Inputs, per client and month (SQL)
# Seats: the largest seat count among a client's licence lines that month (one seat per user: a user with
# three products is still one seat). Revenue and hours follow the glossary (draft and void invoices excluded).

# %%
PARAMS = [START, END]
seats = s.sql(
    """
    SELECT client_name, date_trunc('month', month) AS month, max(seats_purchased) AS seats
    FROM cur_licenses WHERE month BETWEEN ? AND ? GROUP BY ALL
    """,
    PARAMS,
)
revenue = s.sql(
    """
    SELECT client_name, date_trunc('month', date) AS month, sum(amount) AS revenue
    FROM cur_invoices WHERE date BETWEEN ? AND ? AND coalesce(lower(status), '') NOT IN ('draft', 'void')
    GROUP BY ALL
    """,
    PARAMS,
)
hours = s.sql(
    "SELECT client_name, date_trunc('month', date) AS month, sum(hours) AS hours "
    "FROM cur_time_entries WHERE date BETWEEN ? AND ? GROUP BY ALL",
    PARAMS,
)
seats.head()

# %% [markdown]
# ## The KPI (polars)

# %%
monthly = (
    seats.join(revenue, on=["client_name", "month"], how="full", coalesce=True)
    .join(hours, on=["client_name", "month"], how="full", coalesce=True)
    .with_columns(pl.col("revenue", "hours").fill_null(0).cast(pl.Float64), pl.col("seats").cast(pl.Float64))
)
per_seat = (
    monthly.group_by("client_name")
    .agg(pl.col("seats").sum().alias("seat_months"), pl.col("revenue").sum(), pl.col("hours").sum())
    .filter(pl.col("seat_months") > 0)
    .with_columns(
        (pl.col("revenue") / pl.col("seat_months")).alias("revenue_per_seat"),
        (pl.col("hours") / pl.col("seat_months")).alias("hours_per_seat"),
    )
    .sort("revenue_per_seat")
)
per_seat.head(8)

# %% [markdown]
# ## Consistent with the built-in metrics?
# Summed over clients, the KPI's revenue and hours must equal the profitability page's totals for the same
# period — otherwise the new KPI reads different data than the app does.

# %%
prof = s.profitability(START, END)
assert abs(monthly["revenue"].sum() - float(prof["revenue"].sum())) < 0.005
assert abs(monthly["hours"].sum() - float(prof["hours"].sum())) < 1e-6
with_margin = per_seat.join(prof.select("client_name", "segment", "gross_margin"), on="client_name", how="left")
print(f"{per_seat.height} clients with seats; correlation of hours per seat with gross margin: "
      f"{with_margin.select(pl.corr('hours_per_seat', 'gross_margin')).item():+.2f}")

# %% [markdown]
# ## Chart (Altair)
# Each dot a client; the dashed lines are the portfolio medians. Bottom-right — many hours per seat, little
# revenue per seat — is where repricing conversations start.

# %%
data = with_margin.with_columns(pl.col("gross_margin").fill_null(0.0))
medians = pl.DataFrame({"x": [data["hours_per_seat"].median()], "y": [data["revenue_per_seat"].median()]})
dots = alt.Chart(data).mark_circle(size=90).encode(
    x=alt.X("hours_per_seat:Q", title="Labour hours per seat-month"),
    y=alt.Y("revenue_per_seat:Q", title="Revenue per seat-month", axis=alt.Axis(format="$,.0f")),
    color=alt.Color("gross_margin:Q", title="Gross margin", scale=alt.Scale(scheme="redyellowgreen", domainMid=0.3),
                    legend=alt.Legend(format="%")),
    tooltip=["client_name", "segment", alt.Tooltip("revenue_per_seat:Q", format="$,.2f"),
             alt.Tooltip("hours_per_seat:Q", format=".2f"), alt.Tooltip("gross_margin:Q", format=".1%")],
)
rule_x = alt.Chart(medians).mark_rule(strokeDash=[4, 4], color="grey").encode(x="x:Q")
rule_y = alt.Chart(medians).mark_rule(strokeDash=[4, 4], color="grey").encode(y="y:Q")
chart = (dots + rule_x + rule_y).properties(width=560, height=360, title="Revenue and labour per managed seat")
display(chart)

# %% [markdown]
# ## Take it with you
# `Session.export` writes the frame as Excel with money formats, a frozen header and formula-safe text
# (the export is audited like any other). Here to a temporary folder:

# %%
out = s.export(per_seat, Path(tempfile.mkdtemp()) / "revenue_per_seat.xlsx")
assert out.exists()
s.close()
