"""What a stored result says, readable: the approval queue and the approved list show this, never raw JSON.

A result is either a figure of an analytics run (a metric's value for a client or the company, with its formula,
inputs, evidence and confidence parts) or an Ask answer sent for approval (entity_type ``question``: the answer's
rows, narrative and interpretation live in ``explanation``). ``content`` turns either into a title, the value as
the tiles print it, a sentence, the answer's table and a two-column list of facts, all through
``moat.formatting``. Names stay data (table cells, plain strings), so the page escapes or tabulates them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from moat.db import Connection, frame
from moat.formatting import column_kind, label, percent_text, value_text, words
from moat.governance import policies
from moat.governance.facts import fact_rows, fact_text, loads
from moat.governance.permissions import User, require

# Kinds of the metrics results are stored under (the rest are counts or plain numbers).
_KINDS = {"ehr": "money", "risk_score": "number", "clients": "count", "monthly_effect": "money"}


@dataclass(frozen=True)
class Content:
    title: str
    value: str  # formatted; "" when the result is a table (an answer with several rows)
    sentence: str  # the action, the answer's narrative, or ""
    table: pl.DataFrame | None  # an answer's rows, with its own column names
    facts: pl.DataFrame  # columns "what", "detail": formula, inputs, evidence, confidence, snapshots
    kinds: dict[str, str] = field(default_factory=dict)  # the unit of table columns named for no metric (moat.views)


def kind_of(metric: str) -> str:
    """How a metric's value is printed: insight values are money at stake per month."""
    if metric.startswith("insight_"):
        return "money"
    return _KINDS.get(metric) or column_kind(metric) or "number"


def monthly(metric: str) -> bool:
    """Whether a metric's value is money per month: an insight's effect (the Insights page's "Per month" column)."""
    return metric.startswith("insight_") or metric == "monthly_effect"


def value_words(value: Any, metric: str, currency: str) -> str:
    """A result's value as the tiles print it, saying "per month" where it is monthly ("$7.00 per month": the
    Approvals page showed an insight's monthly effect as "$7.00", a reader could not tell it from a total, h81).
    Money is written in ``currency``, the database's base currency (it was always "$", h98)."""
    text = value_text(value, kind_of(metric), currency)
    return f"{text} per month" if monthly(metric) and value is not None else text


def content(row: dict[str, Any], currency: str) -> Content:
    """The readable content of one result row (from the approval queue or ``approved_results``); money in
    ``currency``, the database's base currency (``Config.currency``)."""
    metric, entity = str(row.get("metric") or ""), row.get("entity")
    explanation = loads(row.get("explanation")) or {}
    facts: list[tuple[str, str]] = []
    span = ""
    if row.get("period_start") and row.get("period_end"):
        span = f"{value_text(row['period_start'], 'date')} to {value_text(row['period_end'], 'date')}"
    if row.get("entity_type") == "question" and isinstance(explanation, dict):
        columns, rows = explanation.get("columns") or [], explanation.get("rows") or []
        table = pl.DataFrame([dict(zip(columns, r, strict=False)) for r in rows], infer_schema_length=None) \
            if columns and rows else None
        value = ""
        if len(rows) == 1 and len(rows[0]) == 1:
            value, table = value_words(rows[0][0], columns[0] if columns else metric, currency), None
        if explanation.get("interpretation"):
            facts.append(("Read as", str(explanation["interpretation"])))
        facts.append(("Rows in the answer", value_text(len(rows), "count")))
        title = f"Question: {explanation.get('question') or entity}"
        sentence = str(explanation.get("narrative") or "")
    else:
        table = None
        value = value_words(row.get("value"), metric, currency)
        title = f"{words(metric)}: {entity}" + (f", {span}" if span else "")
        sentence = ""
        if isinstance(explanation, dict):
            action = explanation.get("action")
            sentence = str(action)[:1].upper() + str(action)[1:] if action else ""
            facts += fact_rows("", {k: v for k, v in explanation.items() if k not in ("action", "decomposition")}, currency)
            if isinstance(explanation.get("decomposition"), list):
                table = pl.DataFrame(explanation["decomposition"], infer_schema_length=None) if explanation["decomposition"] else None
        else:
            facts += fact_rows("Explanation", explanation, currency)
    if span and row.get("entity_type") == "question":
        facts.append(("Period", span))
    if row.get("confidence") is not None:
        facts.append(("Confidence", percent_text(row["confidence"], 0)))
    parts = loads(row.get("confidence_parts"))
    if isinstance(parts, dict):
        facts += [(f"Confidence: {label(k).lower()}", percent_text(v, 0) if isinstance(v, (int, float)) else str(v))
                  for k, v in parts.items() if k != "confidence"]
    snapshots = loads(row.get("snapshot_ids"))
    if snapshots:
        facts.append(("Snapshots read", fact_text("snapshot_ids", snapshots, currency)))
    return Content(title, value, sentence, table,
                   pl.DataFrame(facts, schema={"what": pl.Utf8, "detail": pl.Utf8}, orient="row"))


def approved_detail(con: Connection, user: User, result_id: int,
                    too_few: Callable[[dict[str, Any]], bool] | None = None) -> dict[str, Any] | None:
    """One result with its explanation, for a user who may see it (viewers: approved ones only), else None.

    ``too_few``: as in ``approvals.visible_results`` (``moat.access.approved_detail`` passes it)."""
    require(user, "view_results")
    found = frame(
        con,
        "SELECT result_id, metric, entity_type, entity, period_start, period_end, value, confidence, status, "
        "CAST(confidence_parts AS VARCHAR) AS confidence_parts, CAST(explanation AS VARCHAR) AS explanation, "
        "CAST(snapshot_ids AS VARCHAR) AS snapshot_ids FROM results WHERE result_id = ? AND (? OR status = 'approved')",
        [int(result_id), user.can("view_provisional")],
    )
    if not found.height:
        return None
    row = found.row(0, named=True)
    visible = policies.get(con).client_rows_visible(user)
    if not shown(row, visible) or (not visible and too_few is not None and too_few(row)):
        return None  # the same rule as the approved list and Ask (viewers_see_client_rows, small groups)
    return row


def shown(row: dict[str, Any], client_rows_visible: bool) -> bool:
    """Whether a stored result may be shown to a user: the ONE rule for the approved list and the detail view.

    A user kept to aggregates (``viewers_see_client_rows`` off) gets no result about a client or a technician
    (``policies.CLIENT_LEVEL_ENTITY_TYPES``) and no Ask answer that lists or filters to one of them; an answer
    whose shape cannot be read counts as naming them (fails closed)."""
    if client_rows_visible:
        return True
    return row.get("entity_type") not in policies.CLIENT_LEVEL_ENTITY_TYPES and not _names_people(row)


def _names_people(row: dict[str, Any]) -> bool:
    """Whether an approved Ask answer lists clients or technicians (grouped by, or filtered to, one of them) or
    leaves a part out (h126: a segment, product or vendor too); an answer whose shape cannot be read counts as naming
    them."""
    if row.get("entity_type") != "question":
        return False
    slots = (loads(row.get("explanation")) or {}).get("slots") if isinstance(loads(row.get("explanation")), dict) else None
    if not isinstance(slots, dict):
        return True
    filters, excluded = slots.get("filters") or {}, slots.get("excluded") or {}
    if not isinstance(filters, dict) or not isinstance(excluded, dict):
        return True
    # a client left out ("except Harbor Logistics") is named, and beside the full total gives its figures (h76 F2);
    # h126: so does any part left out, as Ask refuses it live (``engine._per_entity``): "revenue excluding the
    # nonprofit segment", approved, beside the company's revenue gave the one nonprofit client's
    return slots.get("grouping") in ("client", "technician") or any(excluded.values()) or any(
        filters.get(k) for k in ("client", "technician"))

def with_value_text(results: pl.DataFrame, currency: str) -> pl.DataFrame:
    """``results`` with a ``shown_value`` column: each value printed by its own metric's kind, money in ``currency``."""
    shown = [value_words(v, m, currency) if v is not None else "table" if t == "question" else "n/a"
             for m, v, t in zip(results["metric"].to_list(), results["value"].to_list(), results["entity_type"].to_list(),
                                strict=True)]
    return results.with_columns(pl.Series("shown_value", shown, pl.Utf8))
