"""The Explain page: why a client's margin is off the portfolio median (Shapley parts that sum to the gap), the
source rows behind it, and how each figure was computed; or where a technician's hours went."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from moat.analytics import views
from moat.config import Config
from moat.db import Connection
from moat.formatting import label, percent_text, percents_apart, value_text
from moat.governance import policies
from moat.governance.permissions import User
from moat.metrics.periods import Period

# Source-row tabs: title -> name (the download's file name and the widget keys' suffix).
TABS = {"Invoices": "invoices", "Time entries": "time_entries", "By technician": "by_technician", "Licences": "licences",
        "Costs": "costs"}
# "component", as Ask's "why" answer names the same parts (the header read "Label" here, "Component" there: h125)
CONTRIBUTION_COLUMNS = ["component", "contribution_pts", "gap_money", "detail"]
TECH_TYPE_COLUMNS = ["work_type", "hours", "billable_hours"]
TECH_CLIENT_COLUMNS = ["client_name", "hours", "billable_hours"]
# The five weighted parts of a confidence (README, "Confidence"), in the order it lists them.
CONFIDENCE_PARTS = ("completeness", "sample_size", "recency", "name_match", "outliers")
FIGURES = (("revenue", "money"), ("labour_cost", "money"), ("license_cost", "money"), ("other_cost", "money"),
           ("gross_profit", "money"))


def client_names(con: Connection, period: Period) -> list[str]:
    """Clients with a margin in ``period``, worst margin first (the picker's order)."""
    return views.client_names(con, period)


@dataclass(frozen=True)
class ClientExplained:
    explanation: dict[str, Any]  # sentence, margin, median_margin, contributions, ...
    provisional: str | None  # why the figure needs review, when it does
    contributions: pl.DataFrame  # component, contribution_pts, gap_money, detail
    source_rows: dict[str, pl.DataFrame]  # TABS' names -> rows
    how: list[str]  # Markdown lines of how each figure was computed (numbers and field names only, no user text)
    confidence: str  # "82.0%": a percent, as every other confidence the app shows (was "0.82", h81)
    confidence_parts: dict[str, Any]
    parts_table: pl.DataFrame  # part (in words), confidence: the five parts as a table, not a JSON dump of field names


def client(con: Connection, user: User, period: Period, name: str, cfg: Config, currency: str = "$") -> ClientExplained:
    """Everything the page shows for one client (``MoatError`` when it has no margin to explain)."""
    view = views.client_view(con, user, period, name, cfg)
    e, drill = view.explanation, view.drill
    totals = drill.totals()
    how = [f"- **{label(m)}** = {view.formulas[m].replace('_', ' ')}: {value_text(totals[m], kind, currency)}" for m, kind in FIGURES]
    how += [
        f"- **{label('gross_margin')}** = {view.formulas['gross_margin'].replace('_', ' ')}: {value_text(e['margin'], 'percent')}",
        f"Margin gap against the portfolio median ({percent_text(e['median_margin'])}) split into exact Shapley values of "
        "revenue shortfall, labour, licences and other costs; they sum to the gap.",
        f"Snapshots read: {', '.join(str(s) for s in view.snapshots)}",
    ]
    provisional = None
    if view.provisional:  # both with the decimals that tell them apart: "70%" below the 70% line read as a contradiction
        shown, line = percents_apart(view.confidence["confidence"], policies.get(con, cfg).review_confidence)
        provisional = (f"Provisional: confidence {shown} is below the review threshold {line}: check the source rows "
                       "below before acting on it.")
    parts = {k: v for k, v in view.confidence.items() if k != "client_key"}
    frames = [drill.invoices, drill.time_entries, drill.by_technician, drill.licenses, drill.costs]
    return ClientExplained(
        e, provisional, pl.DataFrame(e["contributions"]).drop("component", strict=False).rename({"contribution_money": "gap_money", "label": "component"}),
        dict(zip(TABS.values(), frames, strict=True)), how, percent_text(view.confidence["confidence"]), parts,
        pl.DataFrame({"part": [label(k) for k in CONFIDENCE_PARTS if k in parts],
                      "confidence": [float(parts[k]) for k in CONFIDENCE_PARTS if k in parts]},
                     schema={"part": pl.Utf8, "confidence": pl.Float64}))


def technicians(rows: pl.DataFrame) -> list[str]:
    """The technicians named in time entries (the filter's choices), sorted."""
    return sorted(rows["technician_name"].unique().to_list()) if rows.height else []


def only(rows: pl.DataFrame, picked: list[str]) -> pl.DataFrame:
    """Time entries of the ``picked`` technicians (all of them when none is picked)."""
    return rows.filter(pl.col("technician_name").is_in(picked)) if picked else rows


def technician_names(con: Connection, period: Period) -> list[str]:
    """Technicians with available hours in ``period``, lowest billable utilisation first (the picker's order, like the
    clients'). The page asked to type a name; a typo got "no technician 'tom beker' is known" and a CLI command."""
    from moat.metrics.utilization import utilization

    util = utilization(con, period)
    return util.sort("billable_utilization", "technician_name", nulls_last=True)["technician_name"].to_list()


def technician(con: Connection, user: User, period: Period, name: str, cfg: Config) -> dict[str, Any]:
    """Where a technician's hours went: sentence, by_work_type, by_client (``MoatError`` for an unknown name)."""
    return views.technician_view(con, user, period, name, cfg)
