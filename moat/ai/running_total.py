"""h117: "running total of hours by month", "revenue to date each month", "cumulative GP per month": each month's figure
is the sum from the period's first month up to it. Answered as plain monthly values, the question got another figure
confidently. A summed money or hours measure over months is answered as its running total (``Intent.running``);
anything else that asks for one (a ratio, no month rows) is flagged, naming what can be asked."""
from __future__ import annotations

import re
from dataclasses import replace

from moat.ai.catalogue import METRICS, Intent
from moat.ai.reading import Reading

# "to date" only BEFORE "each month" ("revenue to date each month"): "each month, year to date" is the period's months
RUNNING = re.compile(r"\brunning (?:totals?|sums?|tall(?:y|ies))\b|\bcumulative(?:ly)?\b|\bcumulated\b|"
                     r"\baccumulat(?:e|ed|es|ing|ion)\b|\b(?:built|build|builds|building) up\b|"  # h129
                     r"\b(?:to date|so far)(?: for| in)? (?:each|every) month\b|"
                     # h127 (h121 D): the measure inside ("running revenue total"), "running" beside the months
                     r"\brunning (?:[a-z']+ ){1,3}?(?:totals?|sums?|tall(?:y|ies))\b|"
                     r"\b(?:by|per|each|every) month,? running\b|\brunning,? (?:by|per|each|every) month\b")


def summed_over_months(intent: Intent) -> bool:
    """A figure whose months add up (money, hours), asked per month."""
    metric = METRICS[intent.metric]
    return (intent.grouping == "month" and intent.shape == "trend" and metric.combine[0] == "sum"
            and metric.kind in ("money", "hours") and intent.compare_start is None and intent.change is None)


def running_total(r: Reading, intent: Intent) -> Intent:
    """The intent answering a running total when one is asked and can be summed; else flagged (module doc)."""
    asked = RUNNING.search(r.text)
    if asked is None and RUNNING.search(r.raw.lower()) is None:  # "to date" may be read already as the period's end
        return intent
    if asked is not None:
        r.use(asked.span())
    if summed_over_months(intent):
        r.reasons.append("a running total: each month's figure is the sum from the period's first month to it")
        return replace(intent, running=True)
    r.confidence *= 0.6
    r.reasons.append("a running total is summed over months for money and hours only: each figure shown as it is; "
                     "ask for a money or hours measure per month, or for the total from the first month to the last")
    return intent
