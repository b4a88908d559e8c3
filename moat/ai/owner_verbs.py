"""h57 (issue 15, reviewer h51's D19 / D14 / D13): verbs owners use for a measure the glossary names, read before the
measure words so the question is answered, not refused with the generic message.

- An amount lost on a client ("how much did we lose on Meridian", "what are we losing on Harbor", "how much did
  Beacon lose us"): asked as an amount ("how much" / "what"), with no measure named, it is gross profit (a loss shows
  as a negative), never a filter (that is "which clients lost money").
- Money spent on a product or vendor ("which client spends the most on SentinelOne"): the licence cost of it, the
  only money the data holds per product (the glossary), never revenue.
- One technician "in / within / inside the (target | healthy | utilisation) band / range": their billable
  utilisation against the target band, as "is Priya overloaded" is (the verdict is said). Several technicians
  "within the band": those between its ends; "outside the band": those under its low end or over its high end.
"""

from __future__ import annotations

import re

from moat.ai.catalogue import Threshold
from moat.ai.reading import Reading
from moat.metrics.periods import Period

_LOSS = re.compile(r"\b(?:lose|lost|loses|losing)\b(?:\s+(?:us|me))?(?:\s+(?:on|with|from|over))?")
_AMOUNT_ASKED = re.compile(r"\b(?:how much|what)\b(?!\s+(?:clients|accounts|technicians|techs|products|vendors|segments)\b)")
_SPEND = re.compile(r"\bspen(?:d|ds|t|ding)\b(?:\s+(?:the\s+)?(?:most|least|more|less))?(?:\s+(?:money|cash))?\s+(?:on|with|for)\b")
_BAND = re.compile(r"\b(?:in|within|inside)\s+(?:the\s+|our\s+|their\s+|his\s+|her\s+)?"
                   r"(?:(?:target|healthy|utili[sz]ation|normal|green|ok|okay|right|usual)\s+){0,2}(?:band|range|zone)\b|"
                   r"\bwithin\s+(?:the\s+|our\s+)?target(?:\s+utili[sz]ation)?\b")
_OUTSIDE = re.compile(r"\b(?:outside|out of)\s+(?:the\s+|our\s+)?(?:\w+\s+){0,2}(?:band|range|zone)\b")
_HOLD = re.compile(r"\b(?:which|what)\s+(?:of\s+(?:our|the)\s+)?(?:clients|accounts)\s+(?:have|has|had|use|used|run|ran)\b|"
                   r"\b(?:clients|accounts)\s+(?:that|who|which)\s+(?:have|has|had|use|used|run|ran)\b")
_LICENCES = re.compile(r"\s*(?:any\s+)?(?:licenses|licences|subscriptions|seats)\s*$")
_OTHER_MEASURE = re.compile(r"\b(?:revenue|sales|income|margins?|profits?|costs?|hours?|seats?|licen[cs]es?|waste|"
                            r"utili[sz]ation|spend|labou?r|billable)\b")


def owner_verbs(r: Reading, low: float, high: float) -> None:
    """Fix the measure from an owner's verb (see the module docstring), when no earlier rule fixed one."""
    if r.metric is not None:
        return
    _band(r, low, high) or _spend_on_product(r) or _amount_lost(r) or _holding_licences(r)


def _holding_licences(r: Reading) -> bool:
    """"Which clients have Datto", "which clients had licences last month": the clients holding some, by their
    licence cost (``moat.ai.having`` keeps those above zero)."""
    have = _HOLD.search(r.text)
    if have is None:
        return False
    product = bool({"product", "vendor"} & set(r.filters))
    rest = r.text[have.end():]
    if product and not rest.strip():
        pass  # "which clients have Datto": the name was the object (blanked)
    elif not (licences := _LICENCES.match(rest)) or _OTHER_MEASURE.search(rest[licences.end():]):
        return False
    else:
        r.use((have.end(), have.end() + licences.end()))
    if _OTHER_MEASURE.search(r.text[:have.start()]):
        return False
    r.use(have.span())
    r.metric = "license_cost"
    r.reasons.append("clients holding licences read by their licence cost (above zero)")
    if not r.named_period and r.period is not None and re.search(r"\b(?:have|has|use|run)\b", have.group(0)):
        end = r.period.end  # "which clients have Datto" (now): the holders in the latest month with data
        r.period = Period(end.replace(day=1), end)
        r.period_label = f"{end:%B %Y} (the latest month with data)"
        r.reasons.append(f"no period named: the holders in {end:%B %Y}, the latest month with data")
    return True


def _amount_lost(r: Reading) -> bool:
    loss = _LOSS.search(r.text)
    if loss is None or not _AMOUNT_ASKED.search(r.text[:loss.start()]) or _OTHER_MEASURE.search(r.text):
        return False
    r.use(loss.span(), blank=True)
    r.metric = "gross_profit"
    r.reasons.append("an amount lost read as gross profit: a loss shows as a negative figure")
    return True


def _spend_on_product(r: Reading) -> bool:
    if not ({"product", "vendor"} & set(r.filters)) or (spend := _SPEND.search(r.text)) is None:
        return False
    words = re.search(r"\b(?:most|least|more|less)\b", spend.group(0))
    if words is None:  # "spent on idle E3 seats", "bucks spent on Huntress": the measure words decide, as before
        return False
    r.use((spend.start(), spend.start() + words.start()) if words else spend.span(), blank=True)  # "most" is left for the ranking
    r.metric = "license_cost"
    r.reasons.append("money spent on a product read as its licence cost (the only money held per product)")
    return True


def _band(r: Reading, low: float, high: float) -> bool:
    band = _OUTSIDE.search(r.text) or _BAND.search(r.text)
    if band is None:
        return False
    techs = r.filters.get("technician", ())
    if len(techs) != 1 and not re.search(r"\b(?:technicians?|techs?|engineers?|staff|team members?|who)\b", r.text):
        return False
    r.use(band.span(), blank=True)
    r.metric = "billable_utilization"
    if len(techs) == 1:
        r.band = True
    else:  # "which techs are outside the band": under its low end or over its high end
        outside = band.re is _OUTSIDE
        r.threshold, r.order = Threshold("outside" if outside else "between", low, high), "desc"
    r.reasons.append(f"the target band read on billable utilisation ({low:.0%} to {high:.0%})")
    return True
