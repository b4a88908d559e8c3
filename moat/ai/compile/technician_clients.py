"""Hours per client for some technicians only ("Priya's top 3 clients by hours", "hours per client for Tom").

``moat.metrics.profitability`` sums every technician's time entries of a client and ``moat.metrics.utilization``
sums every client's entries of a technician; a question that names a technician and asks per client needs the
time entries of that technician only, grouped by client. Only hour figures come from time entries alone (hours,
billable hours, their complement and share), so only those are answered this way (h23: before, such a question
collapsed to the technician's own total as the only row).
"""

from __future__ import annotations

import polars as pl

from moat.ai.safety import SafeConnection
from moat.db import frame
from moat.metrics.periods import Period

# the metrics a technician's per-client rows hold (time-entry sums and their ratios)
HOUR_METRICS = ("hours", "billable_hours", "non_billable_hours", "billable_share", "non_billable_share")


def client_technicians(con: SafeConnection, period: Period, clients: tuple[str, ...]) -> pl.DataFrame:
    """Per technician, over the time entries of ``clients`` in ``period`` ("Harbor's hours by technician"):
    technician_key, technician_name and the same hour columns as ``technician_clients``."""
    marks = ", ".join("?" for _ in clients)
    sql = f"""
        WITH c AS (SELECT DISTINCT client_key FROM cur_clients WHERE client_name IN ({marks}))
        SELECT te.technician_key, any_value(te.technician_name) AS technician_name,
            sum(te.hours)::DECIMAL(38,4) AS hours,
            coalesce(sum(te.hours) FILTER (WHERE te.billable), 0)::DECIMAL(38,4) AS billable_hours
        FROM cur_time_entries te
        WHERE te.date BETWEEN ? AND ? AND te.client_key IN (SELECT client_key FROM c)
        GROUP BY te.technician_key ORDER BY hours DESC, technician_name
    """
    return _with_shares(frame(con, sql, [*clients, period.start, period.end]))


def _with_shares(df: pl.DataFrame) -> pl.DataFrame:
    worked = pl.col("hours").cast(pl.Float64)
    df = df.with_columns((pl.col("hours") - pl.col("billable_hours")).alias("non_billable_hours"))
    return df.with_columns(
        pl.when(worked > 0).then(pl.col("billable_hours").cast(pl.Float64) / worked).otherwise(None).alias("billable_share"),
        pl.when(worked > 0).then(pl.col("non_billable_hours").cast(pl.Float64) / worked).otherwise(None)
        .alias("non_billable_share"))


def technician_clients(con: SafeConnection, period: Period, technicians: tuple[str, ...]) -> pl.DataFrame:
    """Per client, over the time entries of ``technicians`` in ``period``: client_key, client_name, hours,
    billable_hours, non_billable_hours, billable_share, non_billable_share."""
    marks = ", ".join("?" for _ in technicians)
    sql = f"""
        WITH names AS (SELECT client_key, any_value(client_name) AS known_name FROM cur_clients GROUP BY client_key)
        SELECT te.client_key, coalesce(any_value(names.known_name), any_value(te.client_name)) AS client_name,
            sum(te.hours)::DECIMAL(38,4) AS hours,
            coalesce(sum(te.hours) FILTER (WHERE te.billable), 0)::DECIMAL(38,4) AS billable_hours
        FROM cur_time_entries te LEFT JOIN names USING (client_key)
        WHERE te.date BETWEEN ? AND ? AND te.technician_name IN ({marks})
        GROUP BY te.client_key ORDER BY hours DESC, client_name
    """
    return _with_shares(frame(con, sql, [period.start, period.end, *technicians]))


def technician_labour(con: SafeConnection, period: Period) -> pl.DataFrame:
    """Per technician: labour cost = hours x the entry's cost_rate, else the technician's hourly_cost (the glossary's
    rule, over the same client time entries ``profitability`` sums, so the technicians add up to the company's labour
    cost); undefined (NULL) when some hour has no known cost. h23: "labour cost for Priya" was refused as not held."""
    sql = """
        SELECT te.technician_key,
            CASE WHEN sum(CASE WHEN coalesce(te.cost_rate, t.hourly_cost) IS NULL THEN 1 ELSE 0 END) > 0 THEN NULL
                 ELSE sum(te.hours * coalesce(te.cost_rate, t.hourly_cost)) END::DECIMAL(38,4) AS labour_cost
        FROM cur_time_entries te LEFT JOIN cur_technicians t USING (technician_key)
        WHERE te.date BETWEEN ? AND ? AND te.client_key IS NOT NULL
        GROUP BY te.technician_key
    """
    return frame(con, sql, [period.start, period.end])
