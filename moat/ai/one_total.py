"""h44 (issue 15, reviewer h38's class C11): one total asked of the rows a condition picks ("the total gross profit of
clients that lost money", "how much did loss-making clients cost us"). h54: answered as one total, the sum over the
entities that pass with how many there are (``passing_total``), also when the condition is on another figure of the
same rows ("combined revenue of clients under 10% margin"). "List ... and their total" keeps the list (its sum in the
narrative, "Together: ..."), flagged as before, and so does a total this cannot give (a ratio, a ranking cut)."""

from __future__ import annotations

import re

from moat.ai.catalogue import METRICS
from moat.ai.how_ordered import by_how_much
from moat.ai.reading import Reading
from moat.ai.set_money import money_of_a_set

_ONE_TOTAL = re.compile(r"\b(?:total|combined|sum|summed|altogether|all together|in all|how much|add(?:ed)? up)\b|"
                        r"\bhow many (?:billable )?(?:hours|hrs)\b")  # h123: "how many hours ... on clients that lost money"
# the list is asked as well as its total ("list the clients that lost money and their total")
_LIST_TOO = re.compile(r"\b(?:list|show|name|which|who)\b.*\b(?:and|with|plus)\s+(?:their|the|a|its)\s+"
                       r"(?:total|sum|combined)\b|\b(?:list|name)\b")
# h54: the summed figure named apart from the condition's ("revenue of clients under 10% margin"), in the unread text
_SUMMED = [(re.compile(r"\b(?:revenue|sales|billings?|bill(?:ed)?|invoiced|(?:bring|brought|came|come)\s+in)\b"), "revenue"),
           (re.compile(r"\bgross\s+profit\b|\bprofits?\b(?=.*\b(?:hours|hrs)\b)"), "gross_profit"),  # h123: beside an hours condition
           (re.compile(r"\blicen[cs]e\s+(?:waste|wastage)\b|\bwaste\b"), "license_waste"),
           (re.compile(r"\blabou?r\s+costs?\b"), "labour_cost"),
           (re.compile(r"\blicen[cs]e\s+(?:costs?|spend)\b"), "license_cost"),
           (re.compile(r"\bbillable\s+(?:hours|hrs)\b"), "billable_hours"),
           (re.compile(r"\b(?:hours|hrs)\b"), "hours")]
# "how much did loss-making clients cost us": their loss, or their costs? Left to the flagged list
_COST_ASKED = re.compile(r"\bcost(?:s|ing)?\b")


def one_total(r: Reading, said: str) -> tuple[str, str | None] | None:
    """h54: (the metric summed, the metric the condition is on when another) when one total of the entities a
    condition picks is asked; None otherwise (``flag_one_total`` then flags a list asked as one amount)."""
    if r.threshold is None or r.count or r.share or r.limit or r.before is not None \
            or r.grouping not in ("client", "technician", "product") \
            or _LIST_TOO.search(said) or len(r.filters.get(r.grouping, ())) == 1 or r.metric not in METRICS:
        return None
    summed, on = r.metric, None
    found = [(m, metric) for pattern, metric in _SUMMED if (m := pattern.search(r.text)) is not None
             and metric != r.metric and r.grouping in METRICS[metric].by]
    if len(found) > 1 and found[0][1] == "revenue" and re.fullmatch(r"(?:bring|brought|came|come)\s+in", found[0][0].group(0)):
        found = found[1:]  # h123: "what profit did they bring in": the measure is the noun said, the verb its taking
    other = found[0] if found else None
    # lead: only a MONEY figure beside the condition is summed unasked ("engineers whose logged hours were above their
    # capacity" lists the engineers; it was one sum of their hours at 1.0 after h96)
    units_apart = other is not None and {METRICS[other[1]].kind, METRICS[r.metric].kind} == {"money", "hours"}
    if not _ONE_TOTAL.search(by_how_much(said)) and not (other is not None and METRICS[other[1]].kind == "money"
                                                         and (money_of_a_set(said, METRICS[r.metric].kind, r.threshold)
                                                              or units_apart)):  # h123: "profit from clients with > 100 hours"
        return None
    if other is not None:
        r.use(other[0].span(), blank=True)
        summed, on = other[1], r.metric
        if METRICS[on].kind != "percent" and not units_apart:  # h123: money and hours are told apart by their units; h96: "GP of clients with revenue over 20k": which of two money figures the
            r.confidence *= 0.6  # condition is on is not read reliably (it was answered confidently the wrong way round)
            r.reasons.append(f"two money figures named: the condition read on {METRICS[on].label}, the sum of "
                             f"{METRICS[summed].label}; please check which one the condition is on")
    if METRICS[summed].combine[0] != "sum" or summed == "gross_profit" and _COST_ASKED.search(said):
        return None
    return summed, on


def flag_one_total(r: Reading, said: str) -> None:
    """Flag a list of rows picked by a threshold when the question asks for one amount."""
    mdef = METRICS.get(r.metric or "")
    if r.threshold is None or r.count or r.share or r.limit or r.grouping in (None, "company", "month", "quarter") \
            or mdef is None or mdef.combine[0] != "sum" or not _ONE_TOTAL.search(by_how_much(said)):
        return
    r.confidence *= 0.6
    r.reasons.append(f"one total asked: the {r.grouping}s that pass are listed, their sum given with them")
