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
# # 1. A tour of the data model and the metrics
#
# MoatMetrics keeps everything in one DuckDB file. Every upload is a **snapshot**; each dataset's *current* data
# (`cur_clients`, `cur_time_entries`, ...) holds, for each natural key, the row of the newest snapshot. The metric
# functions the app's pages call are plain SQL over those views, and `moat.open` gives you the very same
# functions, with the same permission checks, returning polars frames.
#
# This notebook runs on the demo MSP (40 clients, 15 technicians, 13 months ending 2026-10-31). Set
# `MOAT_DB_PATH` to use your own database instead; an empty or missing database gets the demo loaded.

# %%
import os
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
from IPython.display import display

import moat
from moat import demo
from moat.datasets import DATASETS

DB = os.environ.get("MOAT_DB_PATH") or str(Path(tempfile.mkdtemp()) / "demo.duckdb")
s = moat.open(DB)  # no credential: the local operator (admin); MOAT_TOKEN: that account. Served by the app? Then through it
if not s.remote and demo.is_empty(s.con):  # a remote session is the live database (the app serves it)
    demo.load(s.con, scale=1, seed=7, end=date(2026, 10, 31))
display(s)

# %% [markdown]
# ## The datasets
# Six uploadable datasets, each with canonical fields (`*` = required). Upload templates, validation and the
# question catalogue all read this one declaration.

# %%
pl.DataFrame(
    [
        {"dataset": d.name, "fields": ", ".join(f.name + ("*" if f.required else "") for f in d.fields), "about": d.doc}
        for d in DATASETS.values()
    ]
)

# %% [markdown]
# `Session.sql` runs one read-only `SELECT` over the `cur_*` views (in a locked in-memory copy: writes, files
# and other tables are refused), so row counts are one query away:

# %%
counts = pl.concat([s.sql(f"SELECT '{name}' AS dataset, count(*) AS current_rows FROM cur_{name}") for name in DATASETS])
display(counts)

# %% [markdown]
# Every row keeps the snapshot that brought it, so any number can be traced to its upload:

# %%
s.snapshots().select("snapshot_id", "dataset", "file_name", "rows_loaded", "status")

# %% [markdown]
# ## The KPIs of a quarter
# `summary` compares a period with its previous period (Aug-Oct with May-Jul: as many whole months). Values are exact decimal text: money is
# rounded to cents only when shown.

# %%
Q3 = ("2026-08-01", "2026-10-31")
kpis = s.summary(*Q3)
display(kpis)

# %% [markdown]
# ## Profitability per client, and the glossary's formulas checked by hand
# gross profit = revenue - labour cost - licence cost - other cost; gross margin = gross profit / revenue.

# %%
prof = s.profitability(*Q3)
check = prof.with_columns(
    (pl.col("revenue") - pl.col("labour_cost") - pl.col("license_cost") - pl.col("other_cost")).alias("by_hand")
)
assert (check["by_hand"] == check["gross_profit"]).all()
revenue_sql = s.sql(
    "SELECT sum(amount) AS revenue FROM cur_invoices WHERE date BETWEEN ? AND ? "
    "AND coalesce(lower(status), '') NOT IN ('draft', 'void')",
    [date(2026, 8, 1), date(2026, 10, 31)],
)["revenue"].item()
assert Decimal(str(prof["revenue"].sum())) == revenue_sql
assert Decimal(kpis.filter(pl.col("metric") == "revenue")["value"].item()) == revenue_sql
prof.select("client_name", "segment", "revenue", "gross_profit", "gross_margin", "hours", "ehr").head(5)

# %% [markdown]
# The demo has stories planted for you to find: Meridian Dental Group's fee was cut by 40% while a senior
# technician kept spending many hours there.

# %%
assert prof["client_name"][0] == "Meridian Dental Group" and prof["gross_margin"][0] < 0
s.monthly("2025-11-01", "2026-10-31", segment="healthcare").select("month", "revenue", "gross_profit", "gross_margin")

# %% [markdown]
# ## Licences and utilisation
# Licence waste = unused seats x unit cost (active seats, falling back to assigned). Billable utilisation =
# billable hours / available hours (weekly capacity x weekdays / 5).

# %%
lic = s.licenses(*Q3)
assert lic["client_name"][0] == "Harbor Logistics"
util = s.utilization(*Q3)
assert util["technician_name"][0] == "Priya Shah" and util["billable_utilization"][0] > 0.8
assert util.filter(pl.col("technician_name") == "Tom Becker")["billable_utilization"].item() < 0.7
lic.select("client_name", "seats_purchased", "seats_active", "license_waste").head(3)

# %% [markdown]
# ## The app's charts, in the notebook
# `moat.charts` builds the Altair charts the pages draw, one module per thing charted.

# %%
from moat.charts import profitability as profit_charts  # noqa: E402

profit_charts.trend(s.monthly("2025-11-01", "2026-10-31")).properties(width=600, title="Revenue, gross profit and margin")

# %%
s.close()
