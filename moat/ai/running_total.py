"""h117: "running total of hours by month", "revenue to date each month", "cumulative GP per month": each month's figure
is the sum from the period's first month up to it. Answered as plain monthly values, the question got another figure
confidently. A summed money or hours measure over months is answered as its running total (``Intent.running``);
anything else that asks for one (a ratio, no month rows) is flagged, naming what can be asked.

h136: a running total asked of one figure over several months with no month word ("running total of revenue Sep 2027
to Feb 2028", "GP running sum for the last 6 months", for the company or one named client) is that figure's running
total month by month: a running total is a series, and the one sum it ends on was the answer to another question
(flagged before). Only the words that say "running" outright do this ("running total / sum / tally", "built up");
"cumulative" or "accumulated" alone may mean the period's total and stays flagged."""
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


# h136: the cue words that ask for a series even with no month word beside them
_SERIES_CUE = re.compile(r"\brunning\b|\bbuil[dt]s?\b|\bbuilding\b|\b(?:each|every) month\b")


def _months_of_one_figure(intent: Intent) -> Intent | None:
    """h136: the intent per month when ``intent`` is one summed figure (the company's or one named entity's) over a
    span of two months or more; None when it is anything else (a list, a ranking, a count, a comparison)."""
    metric = METRICS[intent.metric]
    if (intent.shape != "single" or intent.compare_start is not None or intent.threshold is not None or intent.count
            or intent.share or intent.each or intent.passing_total or intent.over_another or intent.order is not None
            or metric.combine[0] != "sum" or metric.kind not in ("money", "hours")
            or (intent.end.year - intent.start.year) * 12 + intent.end.month - intent.start.month < 1):
        return None
    return replace(intent, grouping="month")


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
    for cue in RUNNING.finditer(r.text):  # h136: "built up ... (running sum)": every cue word is read
        r.use(cue.span())
    if asked is not None and not summed_over_months(intent) and _SERIES_CUE.search(asked.group(0)):
        intent = _months_of_one_figure(intent) or intent
    if summed_over_months(intent):
        r.reasons.append("a running total: each month's figure is the sum from the period's first month to it")
        return replace(intent, running=True)
    r.confidence *= 0.6
    r.reasons.append("a running total is summed over months for money and hours only: each figure shown as it is; "
                     "ask for a money or hours measure per month, or for the total from the first month to the last")
    return intent
