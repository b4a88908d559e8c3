"""h54 (issue 15): how an ``Intent`` that checks a condition in each of several periods, or asks one total over the
entities a condition picks, is written in its slots, its interpretation and its validation. Kept apart from the
catalogue so the catalogue's general rules stay short; ``moat.ai.compile.each_period`` computes them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

# The catalogue calls these and passes its METRICS, so this module imports neither the catalogue nor the parser's
# each_period (a sibling cycle the import contracts forbid); an intent is typed loosely here for the same reason.
Intent = Any
EachPeriods = Any

_ROWS = ("client", "technician", "product")
_WHO = {"client": "clients", "technician": "technicians", "product": "products"}


def slots_of(intent: Intent, data: dict[str, Any]) -> dict[str, Any]:
    """The slots with the h54 fields only when set (``moat ask --format json`` stays as it was for other answers)."""
    for name in ("each", "each_mode", "passing_total", "where_metric"):
        data.pop(name, None)
    if intent.each:
        data["each"] = [[s.isoformat(), e.isoformat()] for s, e in intent.each]
        data["each_mode"] = intent.each_mode
    if intent.passing_total:
        data["passing_total"] = True
        data["where_metric"] = intent.where_metric
    elif intent.where_metric:  # h132: a list of the rows a condition on another measure picks
        data["where_metric"] = intent.where_metric
    return data


def with_each(intent: Intent, each: EachPeriods) -> Intent:
    """The intent checked in each period of ``each`` (start..end spans them; no comparison, ranking cut or limit)."""
    return replace(intent, start=each.periods[0].start, end=each.periods[-1].end, each=tuple(
        (p.start, p.end) for p in each.periods), each_mode=each.mode, compare_start=None, compare_end=None, change=None,
        relative=False, limit=None, period_label=", ".join(each.names))


def interpretation(intent: Intent, filters: list[str], METRICS: dict[str, Any]) -> str:
    m = METRICS[intent.metric]
    who = _WHO.get(intent.grouping, "clients")
    assert intent.threshold is not None
    if intent.passing_total:
        on = METRICS[intent.where_metric or intent.metric]
        parts = [f"total {m.label} of the {who} with {on.label} {intent.threshold.text(on.kind)} (one sum, and how "
                 f"many {who} it covers)"]
    else:
        names = ", ".join(f"{s.isoformat()}..{e.isoformat()}" for s, e in intent.each)
        where = "every one" if intent.each_mode == "all" else "at least one"
        head = f"number of {who}" if intent.count else f"{who}"
        parts = [f"{head} with {m.label} {intent.threshold.text(m.kind)} in {where} of {names}, each period on its own"
                 + ("" if intent.count else f" (their {m.label} in each period)")]
    if filters:
        parts.append("for " + ", ".join(filters))
    if intent.passing_total:
        parts.append(f"{intent.start.isoformat()}..{intent.end.isoformat()}")
    return ", ".join(parts)


def problems(intent: Intent, METRICS: dict[str, Any]) -> list[str]:
    """What makes such an intent invalid (empty: valid)."""
    out = []
    if intent.threshold is None:
        out.append("a condition in each period, or a total over the entities passing one, needs the condition")
    if intent.grouping not in _ROWS or intent.share or intent.compared:
        out.append("a condition in each period is checked per client, technician or product")
    if intent.each and (len(intent.each) < 2 or intent.each_mode not in ("all", "any") or intent.passing_total):
        out.append("a condition in each period needs two or more periods")
    if intent.passing_total and METRICS[intent.metric].combine[0] != "sum":
        out.append(f"one total is a sum, and {METRICS[intent.metric].label} is a ratio")
    listed = not (intent.passing_total or intent.each or intent.count or intent.limit)  # h132: the rows listed
    if intent.where_metric is not None and (not (intent.passing_total or listed) or intent.where_metric not in METRICS
                                            or intent.grouping not in METRICS[intent.where_metric].by):
        out.append("the condition's figure must be recorded for the same rows")
    return out


def narrative(intent: Intent, rows: list[list[Any]], fmt: Any, METRICS: dict[str, Any]) -> str:
    """The template narrative: one total with how many entities it covers, or the passing entities with each period's
    value (the first few), never a merged-period figure."""
    m = METRICS[intent.metric]
    who = _WHO.get(intent.grouping, "clients")
    assert intent.threshold is not None
    if intent.passing_total:
        on = METRICS[intent.where_metric or intent.metric]
        total, n = rows[0]
        return (f"Total {m.label} of the {n} {who if n != 1 else who[:-1]} with {on.label} "
                f"{intent.threshold.text(on.kind)} in {intent.start.isoformat()}..{intent.end.isoformat()}: "
                f"{fmt(intent.metric, total)}.")
    names = [f"{s:%b %Y}" if s.day == 1 else s.isoformat() for s, _ in intent.each]
    where = "every one" if intent.each_mode == "all" else "at least one"
    cond = f"{m.label} {intent.threshold.text(m.kind)} in {where} of {', '.join(names)}"
    if intent.count:
        return f"{rows[0][0]} {who if rows[0][0] != 1 else who[:-1]} had {cond} (each period on its own)."
    if not rows:
        return f"No {who[:-1]} had {cond} (each period on its own)."
    shown = [f"{r[0]} (" + ", ".join(f"{n} {fmt(intent.metric, v)}" for n, v in zip(names, r[1:], strict=False)) + ")"
             for r in rows[:3]]
    more = f", and {len(rows) - 3} more" if len(rows) > 3 else ""
    return f"{len(rows)} {who if len(rows) != 1 else who[:-1]} had {cond}: " + ", ".join(shown) + more + "."
