"""Risk-score and unusual-month answers: ``moat.analytics`` functions over evidence read through the sandbox.

The numbers are the analytics package's own (``risk.client_risk``, ``anomalies.detect``), the same the Trends
page shows for the same window. Only what those functions read is gathered, and it is gathered with the
analytics package's own SQL (``evidence.CLIENT_MONTH_SQL``, ``evidence.CLIENTS_SQL``) on the ``SafeConnection``,
so every statement passes ``moat.ai.safety`` on the locked sandbox and nothing runs on the app's connection.
``evidence.gather`` itself is not used: it also reads quarantine, snapshot and alias tables, which the sandbox
deliberately does not hold and which neither function needs.

After the functions, only row work: filter to named clients, series and the asked months, threshold, sort, cut.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.ai.catalogue import Intent
from moat.ai.safety import SafeConnection
from moat.analytics import anomalies, risk
from moat.analytics.evidence import CLIENT_MONTH_SQL, CLIENTS_SQL, Evidence, period_months
from moat.db import frame
from moat.metrics.periods import Period
from moat.metrics.trends import trend_window

RISK_COLUMNS = ["client_name", "risk_score", "reasons"]
ANOMALY_COLUMNS = ["client_name", "series", "month", "value", "median", "robust_z"]


def evidence(con: SafeConnection, window: Period) -> Evidence:
    """The part of ``Evidence`` that risk and anomalies read (client x month aggregates, client names)."""
    empty = pl.DataFrame()
    return Evidence(
        period=window, months=period_months(window), prof=empty, util=empty, lic=empty,
        client_month=frame(con, CLIENT_MONTH_SQL, [window.start, window.end]), tech_month=empty, detail=empty,
        unbilled=empty, seats=empty, clients=frame(con, CLIENTS_SQL), techs=empty, alias_clients=empty, alias_techs=empty,
        quarantine_rate={}, snapshot_ids={},
    )


def anomaly_window(intent: Intent) -> Period:
    """Unusual months are judged against the client's months of the 12 months up to the asked period's end."""
    return trend_window(intent.period)


def risk_rows(con: SafeConnection, intent: Intent) -> tuple[list[str], list[list[Any]]]:
    """(client_name, risk_score rounded to 2 places as the module returns it, reasons joined by '; ')."""
    df = risk.client_risk(evidence(con, intent.period))
    names = intent.filter("client")
    if names:
        df = df.filter(pl.col("client_name").is_in(list(names)))
    table = [[r["client_name"], float(r["risk_score"]), "; ".join(r["reasons"]) or "no signal"]
             for r in df.iter_rows(named=True)]
    if intent.threshold is not None:
        table = [r for r in table if intent.threshold.passes(r[1])]
    if intent.count:
        return ["count"], [[len(table)]]
    table.sort(key=lambda r: (r[1], r[0]) if intent.order == "asc" else (-r[1], r[0]))
    if intent.limit is not None:
        table = table[:intent.limit]
    return RISK_COLUMNS, table


def anomaly_rows(con: SafeConnection, intent: Intent) -> tuple[list[str], list[list[Any]]]:
    """Flagged months inside the asked period, most unusual (largest |robust z|) first."""
    df = anomalies.detect(evidence(con, anomaly_window(intent)))
    df = df.filter((pl.col("month") >= intent.start.replace(day=1)) & (pl.col("month") <= intent.end))
    if intent.series:
        df = df.filter(pl.col("series").is_in(list(intent.series)))
    names = intent.filter("client")
    if names:
        df = df.filter(pl.col("client_name").is_in(list(names)))
    if intent.count:
        return ["count"], [[df.height]]
    df = df.with_columns(pl.col("robust_z").abs().alias("_size")).sort(
        ["_size", "client_name", "series", "month"], descending=[True, False, False, False])
    if intent.limit is not None:
        df = df.head(intent.limit)
    rows = [[r["client_name"], r["series"], r["month"], round(r["value"], 2), round(r["median"], 2), round(r["robust_z"], 2)]
            for r in df.iter_rows(named=True)]
    return ANOMALY_COLUMNS, rows
