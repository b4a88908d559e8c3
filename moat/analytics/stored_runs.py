"""Stored analytics runs read back: the newest run of a period, whether the data changed since, a run's results
(approved only for viewers), and what changed between two runs."""

from __future__ import annotations

import polars as pl

from moat.db import Connection, frame, one, scalar
from moat.governance.permissions import User, require
from moat.metrics.periods import Period
from moat.snapshots import data_version


def latest_run(con: Connection, period: Period) -> int | None:
    """The newest run of exactly this period, if any."""
    return scalar(con, "SELECT max(run_id) FROM analytics_runs WHERE period_start = ? AND period_end = ?",
                  [period.start, period.end])


def is_stale(con: Connection, run_id: int) -> bool:
    """Whether the data changed since the run (a newer upload or a rollback)."""
    row = one(con, "SELECT data_version FROM analytics_runs WHERE run_id = ?", [run_id])
    return row is None or row[0] != data_version(con)


def stored(con: Connection, user: User, run_id: int, metric: str | None = None) -> pl.DataFrame:
    """Stored results of a run; Viewers (no ``view_provisional``) see approved rows only."""
    require(user, "view_results")
    provisional = user.can("view_provisional")
    return frame(
        con,
        "SELECT result_id, metric, entity_type, entity, value, confidence, status, status <> 'approved' AS provisional, "
        "CAST(snapshot_ids AS VARCHAR) AS snapshot_ids, CAST(confidence_parts AS VARCHAR) AS confidence_parts, "
        "CAST(explanation AS VARCHAR) AS explanation FROM results "
        "WHERE run_id = ? AND (? IS NULL OR metric = ?) AND (? OR status = 'approved') ORDER BY result_id",
        [run_id, metric, metric, provisional],
    )


def compare_runs(con: Connection, user: User, before: int, after: int) -> pl.DataFrame:
    """What changed in company and client KPIs between two runs (e.g. before and after a re-upload).

    One row per metric and entity present in either run: value before/after, change, and whether the snapshots
    the figure read differ (so an unchanged value from changed data is visible too).
    """
    require(user, "view_results")
    return frame(
        con,
        """
        WITH a AS (SELECT metric, entity_type, entity, value, CAST(snapshot_ids AS VARCHAR) AS snaps FROM results
                   WHERE run_id = ? AND metric NOT LIKE 'insight_%'),
             b AS (SELECT metric, entity_type, entity, value, CAST(snapshot_ids AS VARCHAR) AS snaps FROM results
                   WHERE run_id = ? AND metric NOT LIKE 'insight_%')
        SELECT coalesce(a.metric, b.metric) AS metric, coalesce(a.entity_type, b.entity_type) AS entity_type,
            coalesce(a.entity, b.entity) AS entity, a.value AS before, b.value AS after, b.value - a.value AS change,
            a.snaps IS DISTINCT FROM b.snaps AS snapshots_changed
        FROM a FULL JOIN b USING (metric, entity_type, entity)
        WHERE a.value IS DISTINCT FROM b.value
        ORDER BY entity_type = 'company' DESC, abs(coalesce(b.value - a.value, 0)) DESC, metric, entity
        """,
        [before, after],
    )
