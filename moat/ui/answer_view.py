"""An Ask answer as the page draws it, shaped in one call so ``pages/ask.py`` stays thin (widgets in, one call, draw).

The answer's rows stay the engine's numbers (the table formats them through ``moat.formatting``, as every other
page table does: money with its currency, ratios as percentages, hours with "h", human column labels); what is
shaped here is which of them to draw (the table, the chart, the "Try:" line) and the confidence line, written in
percentages like every other confidence the app shows. The chart's axis and tooltip titles are the same human
labels (``moat.formatting.label``: "Licence waste", "Month"), not the engine's field names ("license waste"). It
draws nothing, so a test reads the very view the page draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from moat import formatting
from moat.ai import engine
from moat.ui.downloads import names_people
from moat.views import answer_kinds

# What each part of the confidence measures, in words (``engine.ask``'s confidence_parts keys).
CONFIDENCE_PARTS = {"parse": "reading", "data": "data"}


@dataclass(frozen=True)
class AnswerView:
    answer: engine.Answer
    table: pl.DataFrame | None  # the rows, columns named by field (None for a refusal or an empty answer)
    names_people: bool  # the rows name clients or technicians: their download is a client-level export
    figure: Any | None  # an Altair chart fitting the answer's shape, or None
    confidence: str  # "Confidence 85.0% (reading 95.0%, data 90.0%) · computed · worded from a template"
    suggestions: str | None  # "Try: ..." after a refusal that has some
    kinds: dict[str, str]  # the unit of the columns whose name does not say it (``column_kinds``)
    assumed: list[str]  # "Assumed <slot>: <supplied>" per slot the reading filled (``assumptions``), risky ones first
    alternatives: list[str]  # "Or did you mean: <reading>", the other complete readings shown as text
    # h134: the other readings whose words read back to that very reading (``Answer.alternatives_verified``): drawn as
    # buttons that ask them; an alternative whose words would be read as something else stays text
    asks: list[str]
    why_flagged: str | None  # "Why: <reasons>" under a provisional answer's flag (``moat ask``'s ``reasons``)


def answer_view(item: dict[str, Any], currency: str = "USD") -> AnswerView:
    """The view of one answer of the session's history (``engine.Answer.to_dict``); ``currency``: the base currency,
    whose symbol a money axis carries as the table's money cells do."""
    answer = engine.Answer.from_dict(item)
    table = engine.table_frame(answer) if answer.rows and not answer.refused else None
    figure = human_titles(engine.chart(answer), currency) if table is not None else None
    return AnswerView(answer, table, names_people(answer.slots), figure, confidence_line(answer),
                      "Try: " + " · ".join(answer.suggestions[:3]) if answer.refused and answer.suggestions else None,
                      column_kinds(answer), assumed_lines(answer),
                      [] if answer.refused else [f"Or did you mean: {alt}" for alt in answer.alternatives
                                                 if alt not in answer.alternatives_verified],
                      [] if answer.refused else [alt for alt in answer.alternatives if alt in answer.alternatives_verified],
                      "Why: " + "; ".join(answer.reasons) if answer.provisional and answer.reasons and not answer.refused
                      else None)


def ask_label(alternative: str) -> str:
    """A verified alternative's button label: its words made inert for the label's Markdown (names are data)."""
    return formatting.escape_markdown(f"Or did you mean: {alternative}")


def assumed_lines(answer: engine.Answer) -> list[str]:
    """What the reading supplied that the question did not say (``moat ask --format json``'s ``assumptions``), risky
    ones first and marked: the page drew none of them, so "the last 3 months" or "ranked clients" was visible only in
    the JSON (h125)."""
    if answer.refused:
        return []
    ledger = sorted(answer.assumptions or [], key=lambda a: not a.get("risky"))
    return [f"Check this assumption, {_slot(a)}: {a.get('why') or a.get('supplied')}" if a.get("risky")
            else f"Assumed {_slot(a)}: {a.get('supplied')}" for a in ledger]


def _slot(assumption: dict[str, Any]) -> str:
    return str(assumption.get("slot") or "reading").replace("_", " ")


def column_kinds(answer: engine.Answer) -> dict[str, str]:
    """The kind of each column named for no metric (``moat.views.answer_kinds``: the Approvals page reads the same)."""
    return answer_kinds.column_kinds(answer.columns, (answer.slots or {}).get("metric"))


def human_titles(figure: Any | None, currency: str = "USD") -> Any | None:
    """A copy of an answer's Altair chart whose axes and tooltips carry the tables' labels (``formatting.label``):
    the engine titles them with its field names ("license waste", "month"). An axis drawn without a title (the
    names along a ranking) stays without one.

    The axes also read like the table beside them (h81): a month axis ticks once a month as "Sep 2026" (Vega's
    default on three monthly points was a tick every few days, "Thu 03, Sat 05, ..."), and a money axis carries
    the currency ("$3,500", not "3,500.00"), an hours axis its "h"."""
    if figure is None:
        return None
    import altair as alt

    figure = figure.copy(deep=True)
    for channel in ("x", "y"):
        encoding = getattr(figure.encoding, channel, alt.Undefined)
        if encoding is alt.Undefined:
            continue
        spec = encoding.to_dict()
        if spec.get("title", "") is not None:  # ``title=None``: drawn without a title on purpose
            encoding.title = formatting.label(spec["field"])
        axis = _axis(spec, currency)
        if axis is not None:
            encoding.axis = axis
    tooltips = figure.encoding.tooltip
    for tip in tooltips if isinstance(tooltips, list) else []:
        spec = tip.to_dict()
        tip.title = formatting.label(spec["field"])
        if spec.get("type") == "temporal":
            tip.format = "%b %Y"  # a month, as the axis shows it; not a midnight timestamp
    return figure


def _axis(spec: dict[str, Any], currency: str) -> Any | None:
    """The axis of one encoding in the table's units (None: the engine's axis is right as it is)."""
    import altair as alt

    if spec.get("type") == "temporal":
        return alt.Axis(format="%b %Y", tickCount={"interval": "month", "step": 1}, labelAngle=0)
    kind = formatting.column_kind(str(spec.get("field", "")))
    if spec.get("type") != "quantitative" or kind not in ("money", "hours"):
        return None
    number = "format(abs(datum.value), ',.0f')"
    if kind == "money":
        symbol = formatting.currency_symbol(currency).replace("\\", "\\\\").replace("'", "\\'")
        return alt.Axis(labelExpr=f"(datum.value < 0 ? '-' : '') + '{symbol}' + {number}")
    return alt.Axis(labelExpr=f"(datum.value < 0 ? '-' : '') + {number} + ' h'")


def confidence_line(answer: engine.Answer) -> str:
    """How sure the answer is and where it came from, in the formatter's percentages. Which model (its folder, or
    why none) is a detail for "How this was computed": it holds setting names and paths, not words."""
    parts = ", ".join(f"{CONFIDENCE_PARTS.get(k, formatting.label(k).lower())} {formatting.percent_text(v)}"
                      for k, v in answer.confidence_parts.items())
    return (f"Confidence {formatting.percent_text(answer.confidence)}" + (f" ({parts})" if parts else "")
            + f" · {'cached' if answer.cached else 'computed'} · "
            + ("worded by the local model" if answer.narrative_source == "model" else "worded from a template"))
