"""An analytics run: every metric, confidence, explanation, insight and risk score of a period, stored in
``results`` with the snapshots it read, so pages read stored numbers and any number can be traced.

Each result row: metric, entity, period, value, snapshot_ids (the snapshots feeding that metric), confidence and
its parts, explanation (formula, inputs, and for margins the ranked Shapley contributions), status. Status is
``pending_review`` when the governance policy says so (confidence below ``review_confidence``, default 0.7, or a
metric that always needs review), else ``approved``; the approval queue (``moat.governance.approvals``) takes it
from there. Rows, the run row and the audit row are written in one transaction.

The analysis is ``moat.analytics.analysis``, its rows ``moat.analytics.result_rows``; reading stored runs back is
``moat.analytics.stored_runs``.
"""

from __future__ import annotations

import functools
import json
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import polars as pl

from moat import config as config_mod
from moat.analytics import insights
from moat.analytics.analysis import Analysis, analyse, insights_of
from moat.analytics.result_rows import PROFIT_DATASETS, company_rows, insight_rows, metric_rows
from moat.db import Connection, retry_conflicts, scalar, transaction
from moat.errors import MoatError
from moat.governance import audit, policies
from moat.governance.permissions import User, require
from moat.metrics.periods import Period
from moat.snapshots import data_version


@dataclass(frozen=True)
class RunSummary:
    """What a run stored: its id, the period, how many results (of them pending review) and insights, and how long."""

    run_id: int
    period: str
    results: int
    pending_review: int
    insights: int
    seconds: float


ATTEMPTS = 3  # analyses of one run when uploads keep committing under it


class _DataChanged(Exception):
    """The data changed between the analysis and its storing (an upload or rollback committed meanwhile)."""


def run(con: Connection, user: User, period: Period, cfg: config_mod.Config | None = None) -> RunSummary:
    """Analyse ``period`` and store every result; returns what was stored.

    The analysis asks many queries outside any transaction, so an upload that commits meanwhile could leave it
    half old, half new. The data version is read before the analysis and checked again inside the transaction that
    stores it: when it moved, nothing is stored and the analysis runs again on the new data (``ATTEMPTS`` times),
    so a stored run always describes one state of the data and ``moat.analytics.stored_runs.is_stale`` compares against that state. A
    write-write conflict on the audit chain only repeats the storing.

    The insights (Python, one dict per recommendation) are computed in a second thread while this one builds the
    metric rows and inserts them (polars and DuckDB, which release the GIL); their rows follow in the same
    transaction.
    """
    require(user, "run_analytics")
    cfg = cfg or config_mod.load()
    started = time.perf_counter()
    thresholds = insights.Thresholds.from_config(cfg)
    for _ in range(ATTEMPTS):
        version = data_version(con)
        analysis = analyse(con, period, currency=thresholds.currency)
        if analysis.evidence.client_month.is_empty():  # no activity: no results of zero
            raise MoatError(f"there is nothing to analyse in {period}", "load data or choose a period with activity")
        policy = policies.get(con, cfg)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="moat-insights") as pool:
            later = pool.submit(_insights_and_rows, analysis, thresholds)
            parts = [functools.partial(_with_status, metric_rows(analysis), policy),
                     functools.partial(_later_rows, later, company_rows(analysis), policy)]
            try:
                run_id, seconds, results, pending = retry_conflicts(functools.partial(
                    _store, con, user, period, analysis, parts, version, policy, thresholds, started))
            except _DataChanged:
                continue
            analysis.insights = later.result()[0]
        return RunSummary(run_id, str(period), results, pending, len(analysis.insights), round(seconds, 3))
    raise MoatError(f"the data changed during each of {ATTEMPTS} analyses of {period} (uploads or rollbacks kept committing)",
                    "run the analysis again once the uploads are done")


def _insights_and_rows(a: Analysis, thresholds: insights.Thresholds) -> tuple[list[dict[str, Any]], pl.DataFrame]:
    items = insights_of(a, thresholds)
    return items, insight_rows(items, json.dumps(a.evidence.snapshots_for(*PROFIT_DATASETS)))


def _later_rows(later: Future[tuple[list[dict[str, Any]], pl.DataFrame]], company: pl.DataFrame,
                policy: policies.Policy) -> pl.DataFrame:
    """The insights' rows (waited for inside the storing transaction) and the company figures."""
    return _with_status(pl.concat([later.result()[1], company]), policy)


def _with_status(table: pl.DataFrame, policy: policies.Policy) -> pl.DataFrame:
    return table.with_columns(pl.when(policy.needs_review_expr()).then(pl.lit("pending_review"))
                              .otherwise(pl.lit("approved")).alias("status"))


def _store(con: Connection, user: User, period: Period, analysis: Analysis, parts: list[Any], version: str,
           policy: policies.Policy, thresholds: insights.Thresholds, started: float) -> tuple[int, float, int, int]:
    """Write the results (``parts``: callables giving row frames, inserted in order), the run row and the audit
    row in one transaction, if the data is still ``version``. Returns run id, seconds, results, pending review."""
    now = datetime.now(UTC).replace(tzinfo=None)
    results = pending = 0
    with transaction(con):
        if data_version(con) != version:
            raise _DataChanged
        run_id = int(scalar(con, "SELECT nextval('run_seq')"))
        for part in parts:
            table = part()
            results, pending = results + table.height, pending + int((table["status"] == "pending_review").sum())
            con.register("_moat_results", table)
            try:
                con.execute(
                    "INSERT INTO results (result_id, run_id, metric, entity_type, entity, period_start, period_end, value, "
                    "snapshot_ids, confidence, confidence_parts, explanation, status, created_by, created_at) "
                    "SELECT nextval('result_seq'), ?, metric, entity_type, entity, ?, ?, value, snapshot_ids::JSON, "
                    "confidence, confidence_parts::JSON, explanation::JSON, status, ?, ? FROM _moat_results",
                    [run_id, period.start, period.end, user.name, now],
                )
            finally:
                con.unregister("_moat_results")
        seconds = time.perf_counter() - started
        con.execute(
            "INSERT INTO analytics_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id, period.start, period.end, user.name, now, json.dumps(analysis.evidence.snapshot_ids),
             version, results, pending, seconds, json.dumps(asdict(thresholds))],
        )
        audit.append(con, user, "analytics_run", f"run:{run_id}",
                     {"period": str(period), "results": results, "pending_review": pending,
                      "review_confidence": policy.review_confidence})
    return run_id, seconds, results, pending
