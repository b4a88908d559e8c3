"""An analytics run started from the app (the Insights page), with progress lines, instead of `moat analytics run`.

The run itself is ``moat.analytics.run.run`` (the same permission check, transaction, retries and audit row as
the CLI); this wrapper tells the page what is happening, in steps a person can follow, while it works.
"""

from __future__ import annotations

from collections.abc import Callable

from moat import config as config_mod
from moat.analytics import run as run_mod
from moat.db import Connection
from moat.governance.permissions import User, require
from moat.metrics.periods import Period
from moat.snapshots import data_version


def app_run(con: Connection, user: User, period: Period, cfg: config_mod.Config,
            progress: Callable[[str], object]) -> run_mod.RunSummary:
    """Run and store the analysis of ``period``; ``progress`` receives a line per step (``st.status(...).write``)."""
    require(user, "run_analytics")
    progress(f"Reading the data (version {data_version(con)}) and computing metrics, confidence, explanations, "
             "risk, anomalies and insights...")
    summary = run_mod.run(con, user, period, cfg)
    progress(f"Stored run {summary.run_id}: {summary.results:,} results, {summary.insights:,} insights, "
             f"{summary.pending_review:,} sent for review.")
    return summary
