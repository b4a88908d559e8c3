"""h58 (issue 15, reviewer h52's D22): "how much does a Business Premium seat cost us", "what do we pay for one E3
licence", "price of a single Huntress seat" ask for the price of one seat (the unit cost), not the licence cost of the
period. Answered with the product's total for the default quarter it was a figure in another unit at full
confidence. The price of one seat is not a glossary figure, so it is refused, naming the two figures held."""

from __future__ import annotations

import re

from moat.ai.reading import Parse, Reading

_ONE_SEAT = re.compile(r"\b(?:a|one|per|each|single|every)\s+(?:single\s+)?(?:[a-z0-9]+\s+){0,5}?(?:seats?|licen[cs]es?|"
                       r"users?|subscriptions?)\b(?!\s+(?:costs?|spend|waste|bill)\b\s+(?:by|per|for each))")
_MONEY = re.compile(r"\b(?:how much|costs?|price|priced|charged?|dollars?)\b|\$")
_PRICE = re.compile(r"\b(?:how much|cost|costs|price|priced|pay|paying|paid|charged?)\b")


def unit_price_refusal(r: Reading) -> Parse | None:
    """Refuse the price of one seat (see the module docstring)."""
    if r.grouping not in ("company", None) or r.threshold is not None or r.count or r.share:  # h67: a share of a total
        return None
    said = _without_split_names(r.raw.lower(), r.joined)
    money = r.metric in ("license_cost", "license_waste")
    if not money and not (r.metric in ("seats_purchased", "seats_assigned", "seats_active") and _MONEY.search(said)):
        return None  # a seat figure with a money word ("charged per seat"): the price asked too
    if not _ONE_SEAT.search(said) or not _PRICE.search(said):
        return None
    return r.refuse("I can't give the price of one seat: the data holds each licence line's seats and cost per month, "
                    "not a price list. Ask for the licence cost and the seats purchased of the product over a month "
                    "(their ratio is the cost per seat-month).",
                    ["licence cost of the product last month", "seats purchased of the product last month"])


def _without_split_names(said: str, joined: set[str]) -> str:
    """h93: "sentinel one licences" is the name SentinelOne typed apart (joined by the parser), never "one licence":
    the halves of a joined name are taken out before the one-seat words are looked for."""
    firsts = sorted((w for w in joined if w.isalpha() and len(w) >= 3), key=len, reverse=True)
    if not firsts:
        return said
    return re.sub(r"\b(?:" + "|".join(map(re.escape, firsts)) + r")[\s-]+(?:one|1)\b", " ", said)
