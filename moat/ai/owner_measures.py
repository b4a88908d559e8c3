"""h68 (issue 15, heldout10 / heldout11 classes): measures owners name by what money does, read before the synonyms
so the unit asked is the unit answered.

- Money put into technician time ("how much did we spend on technician hours", "what did we pay for tech time",
  "engineer hours - what did they cost us", "what do our techs cost us"): labour cost, never hours (the verb asks
  money; the hours are what was bought).
- What is left after costs ("how much did we clear after all costs", "what was left over once costs were paid",
  "what did we keep after our direct costs"): gross profit (revenue - direct costs). Overheads are not held, so
  "after overheads" stays the bottom-line rule (flagged).
- Revenue over hours, however written ("revenue divided by hours worked", "revenue / hours logged", "what do we
  earn per hour", "which clients earn us the least per hour", "what they pay us an hour"): the effective hourly rate
  (revenue / hours worked), per client where the question groups.
- A loss said of clients ("clients with a gross loss", "ran a gross loss", "cost us more than they paid / brought in
  / billed"): gross profit below 0, as "lost money" is.
- Total of a technician's time against capacity with both billing sides said ("how much of his available time did
  Tom log, billable or not", "billable and non-billable share of capacity"): total utilisation (all hours over
  available hours), never the billable share; both sides said with no capacity word is hours worked.
"""

from __future__ import annotations

import re

from moat.ai.catalogue import Threshold
from moat.ai.reading import Reading

_STAFF = r"(?:technicians?|engineers?|staff|team|people|employees|techies)(?:'s?)?"
_LABOUR_SPEND = [
    # "spend on technician hours", "pay for tech time", "money went on engineer hours"
    re.compile(r"\b(?:spen[dt]|spending|pa(?:y|id|ying)|shell(?:ed)? out|fork(?:ed)? out|went|go|goes|gone)\b"
               r"(?:\s+\w+){0,4}?\s+(?:on|for|in|into)\s+(?:(?:our|the|all|all our|all the|their)\s+)?"
               + _STAFF + r"\s+(?:hours|time|labor)\b"),
    # "engineer hours - what did they cost us", "technician time cost us how much"
    re.compile(r"\b" + _STAFF + r"\s+(?:hours|time)\b(?:\W+\w+){0,4}?\W+(?:cost|costs|costed|costing)\b(?:\s+(?:us|me))?"),
    # "how much are we paying our techs", "what did we pay the engineers": the staff paid is labour cost
    re.compile(r"\b(?:pa(?:y|ys|id|ying)|spen[dt]|spending)\s+(?:(?:out\s+)?(?:to|on)\s+)?(?:our|the|all\s+(?:our|the)|my)\s+"
               r"(?:technicians|engineers|staff|team|people|employees)\b(?!\s+(?:hours|time)\b)"),
    # "what did our techs cost us", "how much do the engineers cost"
    re.compile(r"\b(?:what|how much)\s+(?:did|do|does|are|were|is|have|has)\s+(?:our\s+|the\s+|all\s+(?:our\s+|the\s+)?)?"
               r"(?:technicians|engineers|staff|team|people|employees)\s+(?:cost|costing|costed)\b(?:\s+(?:us|me))?"),
]
_HOURS_COUNTED = re.compile(r"\bhow many hours\b|\bnumber of hours\b|\b(?:in|as) hours\b")
# h80: the direct costs named by kind before the noun, ending with the other ones ("after labour, licences and other
# costs"): every kind is then said, so what is left is gross profit. Kinds without "other" ("after labour and licence
# costs") leave other direct costs in: not gross profit, so not read here; an overhead word is not a kind either
_KINDS = (r"(?:(?:(?:labor|licenses?|licensing|software|staff|technician|tech)(?:\s+costs?)?"
          r"(?:\s*,?\s*(?:and\s+|&\s+|\+\s+|plus\s+)?)){1,4}other\s+(?:direct\s+)?)?")
_AFTER_COSTS = re.compile(
    r"\b(?P<verb>clear|cleared|clearing|keep|kept|keeping|left(?:\s+over)?|leftover|take home|took home|pocket(?:ed)?|"
    r"net(?:ted)?|make|made|earn|earned)\b(?P<mid>(?:\s+\w+){0,6}?)\s+"
    r"(?P<after>(?:after|once|net of|less)\s+(?:(?:all|every|of|our|the|direct|client|its|their)\s+){0,3}" + _KINDS +
    r"(?:costs?|expenses)(?:\s+(?:are|were|have been|had been|was|is)\s+(?:paid|covered|taken out|deducted|met))?)\b")
# "after all costs, what did we clear": the costs said first
_COSTS_FIRST = re.compile(
    r"\b(?P<after>(?:after|once|net of)\s+(?:(?:all|every|of|our|the|direct|client|its|their)\s+){0,3}" + _KINDS +
    r"(?:costs?|expenses)"
    r"(?:\s+(?:are|were|have been|had been|was|is)\s+(?:paid|covered|taken out|deducted|met))?)\b(?P<mid>\W+(?:\w+\W+){0,5}?)"
    r"(?P<verb>clear|cleared|keep|kept|left(?:\s+over)?|take home|took home|pocket(?:ed)?|net(?:ted)?|make|made|earn|earned)\b")
_EHR_WRITTEN = re.compile(
    r"\b(?:revenue|sales|income|billings?|turnover)\s+(?:divided by|over|/|per|for each|for every)\s+(?:the\s+|all\s+(?:the\s+)?)?"
    r"(?:total\s+)?(?:hours?|time)(?:\s+(?:(?:we|they|the technicians)\s+)?(?:worked|logged|booked|spent|put in|clocked))?\b|"
    r"\bdivid(?:e|ed|ing)\s+(?:the\s+)?(?:revenue|sales|income|billings?)\s+by\s+(?:the\s+)?(?:total\s+)?(?:hours?|time)"
    r"(?:\s+(?:(?:we|they)\s+)?(?:worked|logged|booked|spent))?\b")
_EHR_VERB = re.compile(
    r"\b(?P<verb>earn|earns|earned|earning|make|makes|made|making|pay|pays|paid|paying|bring in|brings in|brought in|"
    r"bringing in|bill|bills|billed|net|nets|netted)(?:\s+(?:us|me))?\b(?P<mid>(?:\s+(?:the|least|most|less|more|"
    r"lowest|highest|best|worst|much|in))*)\s+(?P<per>(?:per|an|a|each|for each|for every|every)\s+(?:hour|hr)"
    r"(?:\s+(?:worked|of work|logged|of (?:technician|tech|our) time))?)\b")
_GROSS_LOSS = re.compile(
    r"\bgross loss(?:es)?\b|\b(?:at|ran|run|running|runs|with|had|has|have|posted|made|making|show(?:ed|ing|s)?|in|"
    r"booked|recorded)\s+an?\s+(?:gross\s+)?loss\b(?!\s+(?:of|on)\b)|"
    r"\bcost(?:s|ing)?\s+(?:us\s+|me\s+)?more\s+than\s+(?:they|it|he|she|the client|the account)\s+"
    r"(?:(?:have|had|did|do|does)\s+)?(?:pa(?:y|ys|id)|brought in|brings? in|bring in|bill(?:ed)?|made|make|makes|"
    r"generated?|earned|returned)(?:\s+(?:us|me))?(?:\s+in)?\b")
_BOTH_SIDES = re.compile(r"\b(?:whether\s+)?(?:billable|billed|chargeable)\s+(?:or|and|\+|&)\s+(?:not|non-?billable|"
                         r"non billable|unbillable|unbilled|non-?chargeable|otherwise)\b|\bincluding non-?billable\b|"
                         r"\bbillable (?:and|or) non[- ]billable\b")
_CAPACITY_SHARE = re.compile(r"\b(?:(?:how much|what (?:share|portion|part|fraction|percent(?:age)?|proportion))\s+of\s+)?"
                             r"(?:his|her|their|the|its|our|[a-z]+'s\s+)?\s*(?:available\s+(?:time|hours)|capacity|"
                             r"availability|hours available)\b")
_LOG_VERB = re.compile(r"\b(?:log|logged|logging|work|worked|use|used|book|booked|fill|filled|put in)\b")


def owner_measures(r: Reading) -> None:
    """Fix the measure from how money or time is said (see the module docstring), when no earlier rule fixed one."""
    if r.metric == "gross_profit" and r.threshold == Threshold("<", 0.0) and _PITS.search(r.raw.lower()) \
            and (margin := _BY_MARGIN.search(r.text)) is not None:  # "top 3 money pits by margin": the margin ranks
        r.use(margin.span(), blank=True)
        r.metric, r.order = "gross_margin", "asc"
        r.reasons.append("money pits ranked by gross margin, as asked (the clients below 0 margin)")
        return
    if r.metric == "gross_profit" and r.threshold == Threshold("<", 0.0):
        r.find(_GROSS_LOSS, blank=True)  # "clients that lost money - gross loss only": the same condition said twice
    if r.metric == "gross_profit" and _PITS.search(r.raw.lower()):
        r.find(_BY_LOSS, blank=True)  # "money pits, by loss": the dollars rank them (the default, now said)
    if r.metric is not None:
        return
    _gross_loss(r) or _labour_spend(r) or _after_costs(r) or _ehr(r) or _both_billing_sides(r)


def _labour_spend(r: Reading) -> bool:
    if r.has(_HOURS_COUNTED):
        return False
    for pattern in _LABOUR_SPEND:
        if r.find(pattern, blank=True):
            r.metric = "labour_cost"
            r.reasons.append("money spent on technician time read as labour cost (money asked, never hours)")
            return True
    return False


def _after_costs(r: Reading) -> bool:
    m = _AFTER_COSTS.search(r.text) or _COSTS_FIRST.search(r.text)
    if m is None:
        return False
    r.use(m.span("verb"), blank=True)
    r.use(m.span("after"), blank=True)
    r.metric = "gross_profit"
    r.reasons.append("what is left after the (direct) costs read as gross profit; overheads are not held")
    return True


def _ehr(r: Reading) -> bool:
    written = r.find(_EHR_WRITTEN, blank=True)
    if written is None and (m := _EHR_VERB.search(r.text)) is not None:
        r.use(m.span("verb"), blank=True)
        r.use(m.span("per"), blank=True)
        written = m
    if written is None:
        return False
    r.metric = "ehr"
    r.reasons.append("revenue per hour worked read as the effective hourly rate")
    return True


def _gross_loss(r: Reading) -> bool:
    if r.find(_GROSS_LOSS, blank=True) is None:
        return False
    r.metric, r.threshold, r.order = "gross_profit", Threshold("<", 0.0), r.order or "asc"
    r.reasons.append("a gross loss / costing more than they paid read as gross profit below 0")
    return True


def _both_billing_sides(r: Reading) -> bool:
    both = _BOTH_SIDES.search(r.text)
    if both is None:
        return False
    r.use(both.span(), blank=True)
    capacity = _CAPACITY_SHARE.search(r.text)
    if capacity is None:  # "hours Tom logged, billable or not": every hour worked
        r.metric = "hours"
        r.reasons.append("billable or not: every hour worked")
        return True
    r.use(capacity.span(), blank=True)
    for verb in _LOG_VERB.finditer(r.text):
        r.use(verb.span())
    r.metric = "total_utilization"
    r.reasons.append("time against capacity, billable or not, read as total utilisation (all hours / available hours)")
    return True


_BY_MARGIN = re.compile(r"\b(?:(?:by|on|in|for)\s+(?:the\s+|their\s+)?)?(?:gross\s+)?margins?\b")
_BY_LOSS = re.compile(r"\b(?:by|on)\s+(?:the\s+)?(?:(?:dollar|\$)\s+)?(?:loss(?:es)?|dollars?|amount)(?:\s+in\s+dollars)?\b")
_PITS = re.compile(r"\bmoney[- ]pits?\b|\b(?:cash|money)[- ](?:drains?|sinks?|losers?)\b|\bloss[- ]?makers?\b|\blosers\b")
_MEASURE_SAID = re.compile(r"\b(?:profits?|gp|margins?|gm|dollars?|bucks|percent(?:age)?|loss(?:es)? in|by (?:the )?loss|"
                           r"lost (?:us )?(?:the )?most|amount|how much)\b|\$")


def flag_ranked_pits(r: Reading, raw: str) -> None:
    """"Our 3 biggest money pits": ranked by the loss in dollars (gross profit, lowest first) or by the margin? The
    words do not settle it, so the reading says which measure ranks them and is flagged, with the margin offered."""
    if r.metric != "gross_profit" or (r.limit is None and not r.superlative) or r.before is not None:
        return
    if not _PITS.search(raw) or _MEASURE_SAID.search(_PITS.sub(" ", raw)):
        return
    r.confidence *= 0.6
    r.candidates = ["gross_profit", "gross_margin"]
    r.reasons.append("money pits ranked by the loss in dollars (gross profit, lowest first); ranked by gross margin the "
                     "order may differ: say 'by loss' or 'by margin'")


# h80: what is left after SOME direct-cost kinds ("what did we keep after labour and licence costs"): revenue less part
# of the direct costs is no glossary figure (gross profit takes other direct costs off too), so it is asked back,
# never answered as the first cost named (a confident wrong amount) nor as gross profit (a different question)
_SOME_KIND = r"(?:labor|licenses?|licensing|software|staff|technician|tech|subscriptions?)(?:\s+costs?)?"
_SOME_KINDS = r"(?>" + _SOME_KIND + r"(?:\s*,?\s*(?:and\s+|&\s+|\+\s+|plus\s+)?" + _SOME_KIND + r"){0,3})"  # atomic: the
# whole list is read before the check that no "other" kind follows it
_LEFT_VERB = r"(?:clear|cleared|keep|kept|left(?:\s+over)?|leftover|take home|took home|pocket(?:ed)?|net(?:ted)?|remain(?:s|ed)?)"
_AFTER_SOME = re.compile(
    r"\b" + _LEFT_VERB + r"\b(?:\s+\w+){0,6}?\s+(?:after|once|net of|less)\s+(?:(?:our|the|paying|paying for)\s+)?"
    + _SOME_KINDS + r"\s*(?:costs?|expenses)?\b(?!\s*,?\s*(?:and\s+)?(?:the\s+)?(?:other|all|direct)\b)|"
    r"\b(?:after|once|net of)\s+(?:(?:our|the|paying|paying for)\s+)?" + _SOME_KINDS
    + r"\s*(?:costs?|expenses)?\b(?!\s*,?\s*(?:and\s+)?(?:the\s+)?(?:other|all|direct)\b)(?:\W+\w+){0,6}?\W+" + _LEFT_VERB
    + r"\b")


def after_some_costs(text: str) -> tuple[str, list[str]] | None:
    """(refusal, suggestions) when what is left after only some kinds of direct cost is asked (see ``_AFTER_SOME``)."""
    m = _AFTER_SOME.search(text)
    if m is None or not re.search(r"\b(?:costs?|expenses)\b", m.group(0)):  # "left after licence renewals": no cost
        return None
    return ("What is left after only some of the direct costs is not a figure I hold: gross profit takes labour, licence "
            "and other direct costs off revenue. Ask for gross profit, or for revenue and each cost on its own.",
            ["What was our gross profit last quarter?", "What was our revenue last quarter?",
             "What was our labour cost last quarter?"])
