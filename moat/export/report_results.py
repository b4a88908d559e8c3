"""The report's reviewed content: which stored analytics run it reads (running one when allowed), its approved
recommendations as risks, and its approved results; what still waits for review is counted, never shown.
Client names appear only for users who may export client-level data."""

from __future__ import annotations

import json
from dataclasses import dataclass

import polars as pl

from moat.config import Config
from moat.db import Connection, frame, scalar
from moat.errors import MoatError
from moat.export.report_kpis import LABELS
from moat.export.tables import check_export
from moat.formatting import MONEY_COLUMNS, PERCENT_COLUMNS, WORDS, label, money_text, number_text, percent_text
from moat.governance.permissions import User
from moat.metrics.periods import Period


@dataclass(frozen=True)
class Risk:
    """One recommendation: what, how much is at stake, what to do."""

    title: str
    detail: str
    action: str


def may_name_clients(con: Connection, user: User) -> bool:
    """Whether ``user`` may see client names (client-level export), so risks name clients or count them."""
    try:
        check_export(con, user, client_level=True)
    except MoatError:
        return False
    return True


INSIGHT_TITLES = {k: WORDS[k] for k in ("reprice", "reclaim_seats", "rebalance", "chase_unbilled", "anomaly")}
TOP_RISKS = 6


def analytics_run(con: Connection, user: User, period: Period, cfg: Config) -> tuple[int | None, list[str]]:
    """The stored analytics run the report reads, and notes about it.

    Only stored results carry a review status, so the report reads a run of exactly this period. When there is
    none, or the data changed since, a user allowed to run analytics gets a fresh run (stored and audited, its
    results approved or queued by the policy as always); anyone else gets what is stored.
    """
    from moat.analytics import run as run_mod
    from moat.analytics.stored_runs import is_stale, latest_run

    notes = []
    run_id = latest_run(con, period)
    stale = run_id is not None and is_stale(con, run_id)
    if (run_id is None or stale) and user.can("run_analytics"):
        run_id = run_mod.run(con, user, period, cfg).run_id
        notes.append(f"Analytics run {run_id} was stored for this report; its results follow the review policy.")
    elif run_id is None:
        notes.append("No analytics run is stored for this period, so no reviewed recommendations can be shown: "
                     "ask an analyst to run the analysis of this period (Insights page, \"Run and store the analysis "
                     "of this period\"; or `moat analytics run --from ... --to ...`).")
    elif stale:
        notes.append(f"The data changed after analytics run {run_id}; its recommendations may be out of date.")
    return run_id, notes


def _stored(con: Connection, run_id: int, where: str) -> pl.DataFrame:
    return frame(
        con,
        "SELECT metric, entity_type, entity, value, confidence, status, CAST(explanation AS VARCHAR) AS explanation "
        f"FROM results WHERE run_id = ? AND {where} ORDER BY value DESC NULLS LAST, entity",
        [run_id],
    )


def risks(con: Connection, user: User, run_id: int | None) -> list[Risk]:
    """Top recommendations: the run's approved insight results, by money at stake per month.

    Users who may not export client-level data get one line per kind of risk (how many, how much) instead.
    """
    if run_id is None:
        return []
    found = _stored(con, run_id, "metric LIKE 'insight_%' AND status = 'approved'")
    if not found.height:
        return []
    if not may_name_clients(con, user):
        out = []
        grouped = found.group_by("metric").agg(pl.len().alias("n"), pl.col("value").sum().alias("total"))
        for r in grouped.sort("total", descending=True).iter_rows(named=True):
            kind = r["metric"].removeprefix("insight_")
            out.append(Risk(
                f"{INSIGHT_TITLES.get(kind, kind)}: {r['n']} case(s)",
                f"Together {money_text(r['total'])} a month at stake.",
                "Ask an analyst for the details and the named recommendations.",
            ))
        return out[:TOP_RISKS]
    out = []
    for r in found.head(TOP_RISKS).iter_rows(named=True):
        kind = r["metric"].removeprefix("insight_")
        action = str(json.loads(r["explanation"] or "{}").get("action", ""))
        out.append(Risk(
            f"{INSIGHT_TITLES.get(kind, kind)}: {r['entity']}",
            f"{money_text(r['value'])} a month at stake (confidence {percent_text(r['confidence'], 0)}).",
            action[:1].upper() + action[1:],
        ))
    return out


def approved_results(con: Connection, user: User, run_id: int | None) -> tuple[list[dict[str, str]], int]:
    """The run's approved company figures (and, for who may see names, the highest client risk scores),
    plus how many of its results are still waiting for review and so were left out everywhere in the report."""
    if run_id is None:
        return [], 0
    rows = _stored(con, run_id, "entity_type = 'company' AND status = 'approved'").to_dicts()
    if may_name_clients(con, user):
        rows += _stored(con, run_id, "metric = 'risk_score' AND status = 'approved'").head(5).to_dicts()
    pending = scalar(con, "SELECT count(*) FROM results WHERE run_id = ? AND status NOT IN ('approved', 'rejected')",
                     [run_id])
    out = []
    for r in rows:
        metric, value = r["metric"], r["value"]
        text = (money_text(value) if metric in MONEY_COLUMNS else percent_text(value) if metric in PERCENT_COLUMNS
                else number_text(value))
        out.append({"metric": LABELS.get(metric, label(metric)), "entity": str(r["entity"]),
                    "value": text, "confidence": percent_text(r["confidence"], 0)})
    return out, int(pending or 0)
