"""h123 (issue 15): a condition on one measure and a total of another in another unit ("how many hours did we spend on
clients that lost money", "profit from clients with more than 100 hours") is one total of the second measure over the
rows the condition picks (h54's ``passing_total`` with ``where_metric``), never refused for the unit.

Why: the unit step saw hours asked of gross profit (or gross profit asked with a threshold in hours) and refused ("gross
profit is measured in money, not hours"), although each measure is held per client and h54 sums one over the clients a
condition on the other picks ("revenue of clients under 10% margin"). Here the unit step leaves the reading to
``moat.ai.one_total``: the measure the condition is on stays the reading's metric (gross profit for "lost money"; hours
for "more than 100 hours"), and the other, still written in the question, is the one summed.
"""

from __future__ import annotations

import re

from moat.ai.catalogue import METRICS
from moat.ai.reading import Reading

_HOURS = re.compile(r"\b(?:hours|hrs|time)\b")
_MONEY_MEASURE = re.compile(r"\b(?:profits?|revenue|sales|labou?r costs?)\b")


def condition_on_another_measure(r: Reading, asked: str | None) -> bool:
    """True when the unit asked is another measure's, summed over the rows a condition picks (module docstring)."""
    if r.before is not None or r.share or r.count or r.metric not in METRICS or "client" not in METRICS[r.metric].by:
        return False
    kind = METRICS[r.metric].kind
    if asked == "hours" and kind == "money" and r.threshold is not None and r.threshold_raw is None \
            and _HOURS.search(r.text):  # "hours ... on clients that lost money": the loss is the condition
        return True
    if asked == "hours" and kind == "money" and r.threshold_raw is not None and not r.threshold_raw[3] \
            and _MONEY_MEASURE.search(r.text):  # "profit from clients with more than 100 hours": hours the condition
        r.metric = "hours"
        for hours in _HOURS.finditer(r.text):
            r.use(hours.span())  # the threshold's unit, read (the summed measure is found in the text still)
        r.reasons.append("the threshold is in hours: the clients chosen by their hours, the money measure summed")
        return True
    return False
