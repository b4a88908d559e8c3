"""The analysis of a period, computed and not yet stored: evidence, confidence, explanations, anomalies, insights
and risk scores (``analyse``). Storing it is ``moat.analytics.run``; its rows are ``moat.analytics.result_rows``.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

import polars as pl

from moat.analytics import anomalies, confidence, explain, insights, risk
from moat.analytics.evidence import Evidence, gather
from moat.analytics.evidence import detail as evidence_detail
from moat.db import Connection
from moat.errors import MoatError
from moat.metrics.periods import Period


@dataclass
class Analysis:
    """Everything a run computes, before it is stored (tests and the bench inspect it)."""

    evidence: Evidence
    client_conf: pl.DataFrame
    license_conf: pl.DataFrame
    tech_conf: pl.DataFrame
    company_conf: dict[str, float]
    explanations: pl.DataFrame
    anomalies: pl.DataFrame
    insights: list[dict[str, Any]]
    risk: pl.DataFrame


# Explanations name the technician and work type behind labour for the clients furthest below the median only:
# the full client x technician x work-type grid is ~900k groups at 1M entries. Any other client gets the same
# phrase when explained on its own (CLI, Explain page); its Shapley numbers are stored either way.
DETAIL_CLIENTS = 250


def detail_keys(ev: Evidence) -> list[str]:
    """The ``DETAIL_CLIENTS`` clients whose margin gap costs the most money: those the labour detail covers."""
    try:
        dec = explain.decompose(ev)
    except MoatError:
        return []
    worst = dec.with_columns((pl.col("gap") * pl.col("revenue").cast(pl.Float64)).alias("gap_money")).sort("gap_money")
    return worst.head(DETAIL_CLIENTS)["client_key"].to_list()


def _scores(ev: Evidence) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, dict[str, float], pl.DataFrame]:
    """Confidence of every entity and the anomalies: polars work that needs no labour detail."""
    return (confidence.client_confidence(ev), confidence.license_confidence(ev), confidence.technician_confidence(ev),
            confidence.company_confidence(ev), anomalies.detect(ev))


def analyse(con: Connection, period: Period, thresholds: insights.Thresholds | None = None,
            currency: str | None = None) -> Analysis:
    """Compute the whole analysis of ``period`` (nothing is written); without ``thresholds``, all but the insights.
    The explanations write money in ``currency`` (default: the thresholds' base currency, else USD).

    Confidence and anomalies run in a second thread beside the labour-detail query, explanations and risk: both
    sides spend their time in DuckDB and polars, which release the GIL, so on two cores they overlap (a tenth of a
    run at 1M entries). The connection stays on this thread, so a caller's read snapshot covers every query.
    A run leaves the insights out here and computes them (Python work, ~12k rows) while it builds and inserts
    the metric rows (DuckDB and polars work), see ``moat.analytics.run.run``.
    """
    ev = gather(con, period, with_detail=False)
    keys = detail_keys(ev)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="moat-analyse") as pool:
        side = pool.submit(_scores, replace(ev))  # its own Evidence: this thread sets .detail below
        ev.detail = evidence_detail(con, period, client_keys=keys)
        currency = currency or (thresholds.currency if thresholds is not None else "USD")
        explanations, client_risk = explain.all_clients(ev, currency), risk.client_risk(ev)
        cc, lc, tc, company, flagged = side.result()
    a = Analysis(evidence=ev, client_conf=cc, license_conf=lc, tech_conf=tc, company_conf=company,
                 explanations=explanations, anomalies=flagged, insights=[], risk=client_risk)
    if thresholds is not None:
        a.insights = insights_of(a, thresholds)
    return a


def insights_of(a: Analysis, thresholds: insights.Thresholds) -> list[dict[str, Any]]:
    """The recommendations of an analysis, from its confidence and anomalies (computed once, not again)."""
    return insights.insights(a.evidence, thresholds, client_conf=a.client_conf, tech_conf=a.tech_conf,
                             license_conf=a.license_conf, flagged=a.anomalies)
