"""What the analysis pages show, one call per page, so page scripts stay thin (widgets in, one call, draw).

Analysts and admins get live figures marked provisional where their confidence is below the review threshold;
Viewers read the approved results of the latest stored run of the period only (never provisional ones).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from moat import config as config_mod
from moat.analytics import anomalies, confidence, drilldown, explain, insights, result_rows, risk, stored_runs, trends
from moat.analytics.evidence import detail, gather
from moat.db import Connection, scalar
from moat.frames import python_map
from moat.governance.permissions import User, require
from moat.metrics.periods import Period


def _threshold(con: Connection, cfg: config_mod.Config) -> float:
    from moat.governance import policies

    return float(policies.get(con, cfg).review_confidence)


@dataclass
class InsightsView:
    rows: pl.DataFrame  # kind, entity, action, monthly_effect, confidence, provisional, evidence
    source: str  # "live" or "run N"
    threshold: float
    message: str | None = None
    awaiting: int = 0  # recommendations this user cannot see yet because nobody approved them


def insights_view(con: Connection, user: User, period: Period, cfg: config_mod.Config) -> InsightsView:
    require(user, "view_results")
    threshold = _threshold(con, cfg)
    from moat.governance import policies

    if not policies.get(con, cfg).client_rows_visible(user):  # every recommendation names a client or a technician
        return InsightsView(insights.as_frame([]).with_columns(pl.lit(False).alias("provisional")), "policy", threshold,
                            "Recommendations name clients and technicians, which your role does not see (policy "
                            "viewers_see_client_rows): ask an analyst or an admin for them.")
    if user.can("view_provisional") and user.can("view_client_level"):
        rows = insights.insights(gather(con, period, with_detail=False), insights.Thresholds.from_config(cfg))
        df = insights.as_frame(rows).with_columns((pl.col("confidence") < threshold).alias("provisional"))
        return InsightsView(df, "live", threshold)
    run_id = stored_runs.latest_run(con, period)
    empty = insights.as_frame([]).with_columns(pl.lit(False).alias("provisional"))
    if run_id is None:  # nothing stored: say how many recommendations the rules find, never "all is well"
        found = len(insights.insights(gather(con, period, with_detail=False), insights.Thresholds.from_config(cfg)))
        return InsightsView(empty, "none", threshold, "No analysis of this period has been stored and approved yet.",
                            awaiting=found)
    stored = stored_runs.stored(con, user, run_id).filter(pl.col("metric").str.starts_with("insight_"))
    awaiting = 0 if user.can("view_provisional") else int(scalar(
        con, "SELECT count(*) FROM results WHERE run_id = ? AND metric LIKE 'insight_%' AND status NOT IN ('approved', 'rejected')",
        [run_id]) or 0)
    df = stored.select(
        pl.col("metric").str.strip_prefix("insight_").alias("kind"), "entity",
        python_map(stored["explanation"], lambda t: json.loads(t)["action"], pl.Utf8).alias("action"),
        pl.col("value").alias("monthly_effect"), "confidence", "provisional",
        python_map(stored["explanation"], lambda t: json.dumps(json.loads(t)["evidence"]), pl.Utf8).alias("evidence"),
    ).sort("monthly_effect", descending=True)
    return InsightsView(df, f"run {run_id}", threshold, awaiting=awaiting)


@dataclass
class ClientView:
    explanation: dict[str, Any]
    confidence: dict[str, Any]
    provisional: bool
    drill: drilldown.Drilldown
    snapshots: list[int]
    formulas: dict[str, str] = field(default_factory=lambda: dict(result_rows.FORMULAS))


def client_names(con: Connection, period: Period) -> list[str]:
    from moat.metrics.profitability import profitability

    prof = profitability(con, period)
    return prof.filter(pl.col("gross_margin").is_not_null()).sort("gross_margin")["client_name"].to_list()


def client_view(con: Connection, user: User, period: Period, name: str, cfg: config_mod.Config) -> ClientView:
    """Explanation, confidence parts, source rows and snapshots behind one client's margin."""
    require(user, "view_client_level")
    ev = gather(con, period, with_detail=False)
    key = explain.find_client(ev, name)
    ev.detail = detail(con, period, client_keys=[key])
    e = explain.client(ev, key, currency=cfg.currency)
    conf = confidence.client_confidence(ev).filter(pl.col("client_key") == e["client_key"])
    parts = conf.row(0, named=True) if conf.height else {"confidence": 0.0}
    return ClientView(e, parts, parts["confidence"] < _threshold(con, cfg),
                      drilldown.client_rows(con, user, e["client_key"], period), ev.snapshots_for(*result_rows.PROFIT_DATASETS))


def technician_view(con: Connection, user: User, period: Period, name: str, cfg: config_mod.Config) -> dict[str, Any]:
    require(user, "view_client_level")
    from moat.names import normalize

    ev = gather(con, period, with_detail=False)
    ev.detail = detail(con, period, technician_keys=[normalize(name)])
    return explain.technician(ev, name, cfg.utilization_low, cfg.utilization_high)


@dataclass
class TrendView:
    series: pl.DataFrame  # month, value, kind, low, high
    anomalies: pl.DataFrame
    risk: pl.DataFrame
    method: str = trends.METHOD


def trend_view(con: Connection, user: User, period: Period, entity: str | None, series: str) -> TrendView:
    """``entity`` None = the company; else a client name. Anomalies and risk are per client (analysts only)."""
    require(user, "view_results")
    ev = gather(con, period, with_detail=False)
    if entity is None:
        monthly = trends.company_monthly(con, ev)
    else:
        require(user, "view_client_level")
        monthly = trends.client_monthly(ev, explain.find_client(ev, entity))
    data = trends.with_forecast(monthly, series) if monthly.height and series in monthly.columns else pl.DataFrame()
    client_level = user.can("view_client_level")
    flagged = anomalies.detect(ev) if client_level else pl.DataFrame()
    scores = risk.client_risk(ev) if client_level else pl.DataFrame()
    return TrendView(data, flagged, scores)
