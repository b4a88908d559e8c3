"""Narratives: a template sentence always, a model-written one when it states only numbers from the result.

A small model writes fluent text but cannot be trusted with figures (it rounds, swaps and invents them). So the
model gets the result table as facts and its text is checked: every number it states must be one of the
result's numbers (in any of the forms we display: exact, rounded to cents or whole units, as a percentage) or a
number of the interpretation (the period's dates, the N of "top N"). One number that is not there and the
template narrative is used instead, with the reason recorded.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from moat.ai.catalogue import METRICS, Intent
from moat.ai.company_change import checked_text
from moat.ai.own_figure import own_figure_text
from moat.formatting import money_text, percent_text

# The base currency of the answer being written (setting ``base_currency``): set by ``engine.ask`` around one answer, so
# every sentence that writes money (here, each_answer, ...) says the company's currency, never a hard-coded "$".
CURRENCY: ContextVar[str] = ContextVar("answer_currency", default="USD")

_NUMBER = re.compile(r"(?<![\w.])-?\$?\d[\d,]*(?:\.\d+)?(?:\s?%)?")


def _total(label: str) -> str:
    """"Total revenue", but "Total utilisation" for a label that already says total (h125: "Total total utilisation")."""
    return label.capitalize() if label.startswith("total ") else f"Total {label}"


def fmt(metric: str, value: Any) -> str:
    """A value as the user reads it (money with cents, ratios as percentages)."""
    if value is None:
        return "n/a"
    kind = METRICS[metric].kind if metric in METRICS else "count"
    if kind == "money":
        return money_text(value, CURRENCY.get())
    if kind == "percent":
        return percent_text(value)
    if kind == "hours":
        return f"{float(value):,.1f} h"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _month(value: Any) -> str:
    return value.strftime("%b %Y") if isinstance(value, date) else str(value)


def _passes_text(intent: Intent, row: list[Any], label: str, period: str) -> str:
    """One figure checked against a threshold: the company's (h90: "was our margin over 30%") or one entity's (h21)."""
    if intent.grouping == "company":
        return own_figure_text(intent, row, label, period, fmt)
    who = " / ".join(n for _, names in intent.filters for n in names)
    kind = METRICS[intent.metric].kind if intent.metric in METRICS else ""
    verdict = "meets" if row[1] else "does not meet"
    return (f"{label.capitalize()} for {who} in {period}: {fmt(intent.metric, row[0])}, which {verdict} "
            f"the threshold ({intent.threshold.text(kind)}).")


def template(intent: Intent, columns: list[str], rows: list[list[Any]]) -> str:
    """The deterministic narrative: short, exact, and always available."""
    label = METRICS[intent.metric].label if intent.metric in METRICS else intent.metric
    period = f"{intent.start.isoformat()}..{intent.end.isoformat()}"
    if intent.each or intent.passing_total:  # h54: a condition in each period; one total over the passing entities
        from moat.ai.each_answer import narrative

        return narrative(intent, rows, fmt, METRICS)
    if intent.failing:  # h139: "did every tech hit 60%": no, naming the ones that fail, or yes
        from moat.ai.every_failing import failing_text

        return failing_text(intent, rows, label, period, fmt, METRICS[intent.metric].kind if intent.metric in METRICS else "")
    if intent.lacking and intent.filter("client"):  # h86: "does Acme not have Huntress": yes or no
        from moat.ai.one_client_lacking import one_client_answer

        return one_client_answer(intent, rows)
    if intent.metric == "risk_score":
        return _risk_text(intent, columns, rows, period)
    if intent.metric == "anomalies":
        return _anomaly_text(intent, columns, rows, period)
    if intent.compared:
        return _compare_text(intent, columns, rows, label)
    if intent.band is not None and rows and len(columns) == 1:
        return _band_text(intent, rows[0][0], label, period)
    if columns[-1:] == ["passes"] and intent.threshold is not None and rows:
        return _passes_text(intent, rows[0], label, period)
    if not rows and intent.threshold is not None and intent.grouping not in ("company", "month", "quarter"):
        kind = METRICS[intent.metric].kind if intent.metric in METRICS else ""  # h138: "the least unprofitable segment"
        return f"No {intent.grouping} had {label} {intent.threshold.text(kind)} in {period}, so none matches."  # says why
    if not rows:
        return f"Nothing matches in {period}."
    if columns == ["count"]:
        return f"{rows[0][0]} {intent.grouping}s match in {period}."
    if columns == ["clients"]:
        if intent.filter("product"):  # h23: "how many clients use Huntress": clients with those licences
            return f"{rows[0][0]} clients had licences of {' / '.join(intent.filter('product'))} in {period}."
        return f"{rows[0][0]} clients had activity in {period}."
    if intent.share or intent.over_another:
        return _share_text(intent, rows[0], label, period)
    if intent.shape == "single" or len(columns) == 1:
        who = " / ".join(n for _, names in intent.filters for n in names)
        subject = f"{label.capitalize()} for {who}" if who else _total(label)
        return f"{subject} in {period}: {fmt(intent.metric, rows[0][0] if len(columns) == 1 else rows[0][1])}."
    if intent.grouping == "month" and intent.shape == "trend":
        defined = [r for r in rows if r[1] is not None]
        if not defined:
            return f"{label.capitalize()} is undefined for every month of {period}."
        first, last = defined[0], defined[-1]
        peak = max(defined, key=lambda r: float(r[1]))
        low = min(defined, key=lambda r: float(r[1]))
        return (f"{label.capitalize()} went from {fmt(intent.metric, first[1])} in {_month(first[0])} to "
                f"{fmt(intent.metric, last[1])} in {_month(last[0])}; highest {fmt(intent.metric, peak[1])} in "
                f"{_month(peak[0])}, lowest {fmt(intent.metric, low[1])} in {_month(low[0])}.")
    shown = rows[:3]
    parts = [f"{_month(r[0])} ({fmt(intent.metric, r[1])})" for r in shown]
    lead = "Highest" if intent.order != "asc" else "Lowest"
    if intent.grouping == "quarter" and intent.order is None:  # quarters in calendar order are no ranking
        text = f"{label.capitalize()} by quarter in {period}: " + ", ".join(parts)
    else:
        text = f"{lead} {label} in {period}: " + ", ".join(parts)
    if len(rows) > 3:
        text += f", and {len(rows) - 3} more"
    return text + "." + _together(intent, rows)


def _together(intent: Intent, rows: list[list[Any]]) -> str:
    """h44 (h38 C11): the rows that pass a threshold summed ("the total gross profit of the clients that lost money"),
    for the figures that add up; never for a cut list (a limit) nor for ratios."""
    mdef = METRICS.get(intent.metric)
    if intent.threshold is None or intent.limit or mdef is None or mdef.kind not in ("money", "hours", "seats") \
            or mdef.combine[0] != "sum" \
            or len(rows) < 2 or any(len(r) < 2 or not isinstance(r[1], (int, float, Decimal)) for r in rows):
        return ""
    return f" Together: {fmt(intent.metric, sum(Decimal(str(r[1])) for r in rows))} over {len(rows)} {intent.grouping}s."


def _share_text(intent: Intent, row: list[Any], label: str, period: str) -> str:
    """A share says its part and its whole in the metric's own unit, so the percentage is never read as an amount."""
    share, part, whole = row[:3]
    if intent.over_another:  # h122: "labour cost as a % of revenue": both amounts beside the fraction
        over = METRICS[intent.of_metric].label if intent.of_metric else (
            f"{label} in {intent.of_period[0].isoformat()}..{intent.of_period[1].isoformat()}")  # type: ignore[index]
        if share is None:
            return f"No share of {over} in {period}: {over} is zero or undefined."
        return (f"{label.capitalize()} was {percent_text(share)} of {over} in {period} ({fmt(intent.metric, part)} of "
                f"{fmt(intent.of_metric or intent.metric, whole)}).")
    if intent.limit:
        side = "top" if intent.order != "asc" else "bottom"
        size = METRICS[intent.chosen_by].label if intent.chosen_by else label  # h132: "our 3 busiest clients' share"
        who = f"The {side} {intent.limit} {intent.grouping}s by {size}"
    else:
        who = " / ".join(n for _, names in intent.filters for n in names)
    if share is None:
        return f"No share of {label} in {period}: the total is zero or undefined."
    return (f"{who}: {percent_text(share)} of total {label} in {period} ({fmt(intent.metric, part)} of "
            f"{fmt(intent.metric, whole)}).")


def _signed(metric: str, value: Any) -> str:
    if value is None:
        return "n/a"
    if METRICS[metric].kind == "percent":
        return f"{float(value) * 100:+.1f} pts"
    shown = fmt(metric, abs(value) if not isinstance(value, float) else abs(value))
    return ("-" if value < 0 else "+") + shown


def _relative(value: Any) -> str:
    return "n/a %" if value is None else f"{float(value) * 100:+.1f}%"


def _compare_text(intent: Intent, columns: list[str], rows: list[list[Any]], label: str) -> str:
    """Both values and the change, earlier period first."""
    before = f"{intent.compare_start.isoformat()}..{intent.compare_end.isoformat()}"  # type: ignore[union-attr]
    after = f"{intent.start.isoformat()}..{intent.end.isoformat()}"
    m = intent.metric
    if columns == ["count"]:
        return f"{rows[0][0]} {intent.grouping}s match ({before} against {after})."
    if columns == ["before", "after", "change"] and intent.count and rows:  # h127: a count in each of two periods
        who = " / ".join(n for _, names in intent.filters for n in names)
        b, a, d = rows[0][:3]
        return (f"Number of {intent.grouping}s{' for ' + who if who else ''}: {b} in {before}, {a} in {after} "
                f"(change {int(d):+d}).")
    if columns[:3] == ["before", "after", "change"]:
        b, a, d = rows[0][:3] if rows else (None, None, None)
        pct = f", {_relative(rows[0][3])}" if rows and "change_pct" in columns else ""
        who = " / ".join(n for _, names in intent.filters for n in names)
        subject = f"{label.capitalize()} for {who}" if who else _total(label)
        said = f"{subject}: {fmt(m, b)} in {before}, {fmt(m, a)} in {after} (change {_signed(m, d)}{pct})."
        return said + (checked_text(intent, rows[0], fmt) if rows and columns[-1] == "passes" else "")
    if not rows:
        which = {"down": " fell", "up": " rose"}.get(intent.change or "", " changed")
        return f"No {intent.grouping}'s {label}{which} from {before} to {after}."
    parts = [f"{r[0]} {fmt(m, r[1])} -> {fmt(m, r[2])} ({_signed(m, r[3])}"
             + (f", {_relative(r[4])})" if len(r) > 4 else ")") for r in rows[:3]]
    which = {"down": "fell", "up": "rose"}.get(intent.change or "", "changed")
    text = f"{len(rows)} {intent.grouping}s' {label} {which} from {before} to {after}: " + ", ".join(parts)
    return text + (f", and {len(rows) - 3} more." if len(rows) > 3 else ".")


def _band_text(intent: Intent, value: Any, label: str, period: str) -> str:
    low, high = intent.band  # type: ignore[misc]
    who = " / ".join(n for _, names in intent.filters for n in names)
    if value is None:
        return f"{label.capitalize()} for {who} in {period} is undefined (no available hours)."
    where = ("above the target band: overloaded" if value > high else "below the target band: under-used" if value < low
             else "within the target band")
    return (f"{label.capitalize()} for {who} in {period}: {fmt(intent.metric, value)}, {where} "
            f"({percent_text(low)}-{percent_text(high)}).")


def _risk_text(intent: Intent, columns: list[str], rows: list[list[Any]], period: str) -> str:
    """Risk answers name the score's scale and its biggest reason, so the number is never read without its why."""
    if columns == ["count"]:
        cut = f" with a risk score {intent.threshold.text('score')}" if intent.threshold is not None else ""
        return f"{rows[0][0]} clients{cut} over {period} (second half of the window against the first)."
    if not rows:
        cut = f" has a risk score {intent.threshold.text('score')}" if intent.threshold is not None else " has a risk score"
        return f"No client{cut} over {period}."
    parts = [f"{name} {score:.2f} ({reasons.split('; ')[0]})" for name, score, reasons in rows[:3]]
    text = f"Risk score out of 100 over {period}: " + ", ".join(parts)
    if len(rows) > 3:
        text += f", and {len(rows) - 3} more"
    return text + "." + _together(intent, rows)


def _together(intent: Intent, rows: list[list[Any]]) -> str:
    """h44 (h38 C11): the rows that pass a threshold summed ("the total gross profit of the clients that lost money"),
    for the figures that add up; never for a cut list (a limit) nor for ratios."""
    mdef = METRICS.get(intent.metric)
    if intent.threshold is None or intent.limit or mdef is None or mdef.kind not in ("money", "hours", "seats") \
            or mdef.combine[0] != "sum" \
            or len(rows) < 2 or any(len(r) < 2 or not isinstance(r[1], (int, float, Decimal)) for r in rows):
        return ""
    return f" Together: {fmt(intent.metric, sum(Decimal(str(r[1])) for r in rows))} over {len(rows)} {intent.grouping}s."


def _anomaly_text(intent: Intent, columns: list[str], rows: list[list[Any]], period: str) -> str:
    if columns == ["count"]:
        return f"{rows[0][0]} unusual months in {period}."
    if not rows:
        return f"No unusual month in {period}: every month lies within 3.5 robust z of the client's own median."
    parts = [f"{name} {series} in {_month(month)}: {value:,.2f} against a median of {median:,.2f} (z {z:+.2f})"
             for name, series, month, value, median, z in rows[:3]]
    text = f"Unusual months in {period}: " + "; ".join(parts)
    if len(rows) > 3:
        text += f"; and {len(rows) - 3} more"
    return text + "."


def facts(intent: Intent, columns: list[str], rows: list[list[Any]], limit: int = 8) -> str:
    """The result as short lines for the model prompt (the same formatted values the check accepts)."""
    lines = [f"Question read as: {intent.interpretation()}"]
    for row in rows[:limit]:
        cells = [(_month(v) if isinstance(v, date) else (fmt(intent.metric, v) if i == len(row) - 1 else str(v)))
                 for i, v in enumerate(row)]
        lines.append(" | ".join(cells))
    if len(rows) > limit:
        lines.append(f"({len(rows) - limit} more rows)")
    return "\n".join(lines)


def messages(intent: Intent, columns: list[str], rows: list[list[Any]], question: str) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": "You are a concise analyst for an IT managed service provider. Write two short "
                                      "sentences answering the question using only the facts given. Copy numbers exactly."},
        {"role": "user", "content": f"Question: {question}\nFacts:\n{facts(intent, columns, rows)}"},
    ]


def _variants(value: Any) -> set[Decimal]:
    out: set[Decimal] = set()
    if value is None or isinstance(value, bool):
        return out
    if isinstance(value, date):
        return {Decimal(value.year), Decimal(value.month), Decimal(value.day)}
    try:
        d = Decimal(str(value))
    except Exception:  # text cells hold no numbers of their own here
        return {Decimal(x) for x in re.findall(r"\d+(?:\.\d+)?", str(value))}
    for scale in (d, d * 100):
        for places in ("1", "0.1", "0.01"):
            out.add(scale.quantize(Decimal(places), rounding=ROUND_HALF_UP))
        out.add(scale)
    if abs(d) >= 1000:  # "$12.3k", "12 thousand"
        out.add((d / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
        out.add((d / 1000).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    return out


def allowed_numbers(intent: Intent, rows: list[list[Any]]) -> set[Decimal]:
    allowed: set[Decimal] = set()
    for row in rows:
        for cell in row:
            allowed |= {abs(v) for v in _variants(cell)}
    for day in (intent.start, intent.end):
        allowed |= _variants(day)
    if intent.limit:
        allowed.add(Decimal(intent.limit))
    if intent.threshold is not None:
        allowed |= {abs(v) for v in _variants(intent.threshold.value)}
    allowed |= {Decimal(i) for i in range(1, min(len(rows), 10) + 1)}  # list positions ("the 2 clients")
    return allowed


def unsupported_numbers(text: str, intent: Intent, rows: list[list[Any]]) -> list[str]:
    """Numbers stated in ``text`` that the result does not contain (empty = the narrative may be shown)."""
    allowed = allowed_numbers(intent, rows)
    bad = []
    for match in _NUMBER.finditer(text):
        token = match.group(0)
        clean = token.replace("$", "").replace(",", "").replace("%", "").strip()
        try:
            value = abs(Decimal(clean))
        except Exception:
            bad.append(token)
            continue
        if value not in allowed:
            bad.append(token)
    return bad


def states_a_result_number(text: str, intent: Intent, rows: list[list[Any]]) -> bool:
    """True when ``text`` states at least one value of the result (a narrative must say something checkable)."""
    values: set[Decimal] = set()
    for row in rows:
        for cell in row:
            if not isinstance(cell, (str, date)):
                values |= {abs(v) for v in _variants(cell)}
    if not values:
        return True
    for match in _NUMBER.finditer(text):
        clean = match.group(0).replace("$", "").replace(",", "").replace("%", "").strip()
        try:
            if abs(Decimal(clean)) in values:
                return True
        except Exception:
            continue
    return False
