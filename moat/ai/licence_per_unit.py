"""h139 (h133 G): "licences that cost more than 1000 a month", "seats that cost more than 20 a month", "products over
30 dollars a seat" put a mark on a cost PER month or PER seat. "A month" was read as the grouping (13 months of the
company's licence cost, each over 1000, at 0.90) and "a seat" dropped (every product's three-month cost over 30).

- "N a month" on licence cost: one row per product (per vendor or client when those are named) in one month: the
  month named, else the latest month with data (said in the reasons); a period of several months named is refused
  (a monthly figure of a longer period is an average the catalogue does not hold).
- "licences that cost ..." may mean per product or per seat: per product, flagged.
- "N a seat / per licence / per user", or "seats that cost N a month": a price per seat is not held (licence cost over seats purchased per product
  is two figures): refused, naming the two to ask."""

from __future__ import annotations

import re
from dataclasses import replace

from moat.ai.catalogue import Intent
from moat.ai.reading import Parse, Reading
from moat.metrics.periods import Period

_PER = re.compile(r"\d[\d,.]*\s*(?:k\b|thousand\b|grand\b)?\s*(?:dollars?|usd|bucks|eur|euros?)?\s*"
                  r"(?:a|per|each|every|/)\s*(?P<u>month|mo|seat|licen[cs]e|user|head|subscription)\b")
_NOUNS = (("vendor", re.compile(r"\bvendors?\b")), ("client", re.compile(r"\b(?:clients?|customers?|accounts?)\b")))
_LICENCE_METRICS = ("license_cost",)
_SEATS = re.compile(r"\bseats?\b")
_UNSURE = re.compile(r"\b(?:licen[cs]es?|subscriptions?)\b")  # a licence may be one seat: per product, flagged


def per_unit_mark(r: Reading, intent: Intent, data_span: Period | None) -> Intent | Parse:
    """The intent with a per-month mark read over one month per product, or a refusal for a per-seat mark (module
    doc); any other intent unchanged."""
    said = r.raw.lower()
    m = _PER.search(said)
    if m is None or intent.threshold is None or intent.metric not in _LICENCE_METRICS or intent.compared:
        return intent
    if m["u"] not in ("month", "mo") or _SEATS.search(said):  # "seats that cost more than 20 a month": per seat
        return r.refuse("I can't compare a price per seat: the licence cost per seat is not a figure I hold (it is the "
                        "cost over the seats purchased, two figures). Ask for both per product and compare them.",
                        ["Licence cost per product for last month", "Purchased seats per product for last month"])
    grouping = intent.grouping if intent.grouping in ("product", "vendor", "client") else next(
        (kind for kind, noun in _NOUNS if noun.search(said)), "product")
    period = intent.period
    if r.named_period and (period.start.month, period.start.year) != (period.end.month, period.end.year):
        return r.refuse(f"I can compare one month's licence cost with a monthly mark, not {intent.period_label} (a "
                        "monthly average is not a figure I hold). Ask about one month.",
                        [f"Which {grouping}s had licence cost over {intent.threshold.value:,.0f} in "
                         f"{period.end:%B %Y}?"])
    label = intent.period_label
    if not r.named_period and data_span is not None:
        period = Period(data_span.end.replace(day=1), data_span.end)
        label = f"{period.start:%B %Y} (the latest month with data)"
    r.reasons.append(f"a mark '{m.group(0)}' is a cost per month: each {grouping}'s licence cost in {label} against it")
    for said_month in re.finditer(r"\b(?:a|per|each|every)\s+mo(?:nth)?\b", r.text):
        r.use(said_month.span())
    if intent.grouping not in ("product", "vendor", "client") and _UNSURE.search(said):
        r.confidence *= 0.6
        r.reasons.append("'licences' read as products (each product's cost a month); for a price per seat, ask for "
                         "licence cost and seats purchased by product")
    return replace(intent, grouping=grouping, start=period.start, end=period.end, period_label=label,
                   notes=(*intent.notes, r.reasons[-1]))
