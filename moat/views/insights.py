"""The Insights page: recommendations ranked by money at stake per month, with their evidence and confidence.

Analysts and admins read live figures, provisional ones marked; Viewers read the approved results of the stored run
(``moat.analytics.views.insights_view``). While recommendations wait for approval the page says how many and who
approves them, never "all is well".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from moat.analytics import views
from moat.analytics.app_run import app_run
from moat.config import Config
from moat.db import Connection
from moat.formatting import count_text, escape_markdown, money_text, words
from moat.governance.facts import facts
from moat.governance.permissions import User
from moat.metrics.periods import Period

COLUMNS = ["kind", "entity", "action", "monthly_effect", "confidence", "status"]
EVIDENCE_SHOWN = 10


@dataclass(frozen=True)
class InsightsPage:
    view: views.InsightsView
    awaiting: str | None  # how many wait for approval and who approves them
    empty: str | None  # why there is nothing to show (None: rows to show, or only the awaiting warning)
    kinds: list[str]  # the kinds present, for the filter
    thresholds: str  # the settings the rules used, in words


def insights(con: Connection, user: User, period: Period, cfg: Config) -> InsightsPage:
    """What the page shows for ``period`` before the user filters by kind."""
    view = views.insights_view(con, user, period, cfg)
    awaiting = None
    if view.awaiting:
        # h112: one sentence with two colons ("... await approval: none has been sent for review yet: an analyst ...")
        how = (": an admin approves them on the Approvals page; approved ones appear here." if view.source != "none" else
               ", and none has been sent for review yet. An analyst stores the analysis of this period (with "
               "\"Run and store the analysis of this period\"), then an admin approves them on the "
               "Approvals page; approved ones appear here.")
        awaiting = (f"{count_text(view.awaiting, 'recommendation')} for this period "
                    f"{'await' if view.awaiting != 1 else 'awaits'} approval{how}")
    empty = None
    if view.rows.is_empty() and not view.awaiting and view.source != "policy":  # "policy": the message says why
        empty = ("Ask an analyst to run the analysis for this period." if view.source == "none" else
                 "No recommendation for this period: every rule is within its threshold.")
    thresholds = (f"Source: {view.source}. Thresholds: target margin {cfg.target_margin:.0%}, utilisation band "
                  f"{cfg.utilization_low:.0%}-{cfg.utilization_high:.0%}, inactive seats tolerated "
                  f"{cfg.inactive_seat_tolerance:.0%}.")
    return InsightsPage(view, awaiting, empty, sorted(view.rows["kind"].unique().to_list()), thresholds)


@dataclass(frozen=True)
class Chosen:
    """The recommendations of the kinds picked: tiles, the table (with a status in words) and the top evidence."""

    tiles: list[dict[str, Any]]
    table: pl.DataFrame
    evidence: list[tuple[str, pl.DataFrame]]  # (Markdown heading with user text escaped, its facts: what, detail)


def chosen(page: InsightsPage, kinds: list[str], currency: str = "$") -> Chosen:
    """The tiles, table and evidence of ``kinds``; evidence as facts in the units their keys name ("Inactive share
    60.0%", "Unit cost $22.00"), as the Approvals page prints them, never raw JSON (h112)."""
    rows = page.view.rows.filter(pl.col("kind").is_in(kinds))
    tiles = [
        {"label": "Money at stake per month", "value": rows["monthly_effect"].sum() if rows.height else 0, "kind": "money"},
        {"label": "Recommendations", "value": rows.height, "kind": "count"},
        {"label": "Provisional", "value": int(rows["provisional"].sum()), "kind": "count",
         "help": f"Confidence below {page.view.threshold:.0%}: check before acting (they go to the approval queue when stored)"},
    ]
    table = rows.with_columns(rows["provisional"].replace_strict({True: "Provisional", False: ""}, return_dtype=str).alias("status"))
    evidence = [(f"**{escape_markdown(words(r['kind']))} - {escape_markdown(r['entity'])}** "
                 f"({escape_markdown(money_text(r['monthly_effect'], currency))} per month)", facts(r["evidence"], currency))
                for r in rows.head(EVIDENCE_SHOWN).iter_rows(named=True)]
    return Chosen(tiles, table, evidence)


def run_and_store(con: Connection, user: User, period: Period, cfg: Config, progress: Callable[[str], object]) -> str:
    """Run and store the analysis of ``period`` (analysts and admins); the line that sums the stored run up."""
    stored = app_run(con, user, period, cfg, progress)
    return (f"Stored run {stored.run_id}: {stored.results:,} results ({stored.pending_review:,} for review), "
            f"{stored.seconds:.1f} s")
