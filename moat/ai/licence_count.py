"""h86 (issue 15, held-out class): "which client has the most Huntress licences", "the fewest Datto licenses", "top 3
clients by E3 licences": licences of a named product, ranked, with no word "seats" and no money word, are counted:
seats purchased per client, ranked.

Why: only "seats", "how many licences" or "number of licences" named the seat count, so a bare "licences" left the
question with no measure; the ranking then read it as clients by revenue, and revenue per product is not held: a
refusal with no hint. A licence counted is a seat ("the most licences" with no product: every product's seats); money
said beside it ("spend the most on Huntress licences", "licence cost") keeps the money reading. h116: a named
product's licences unranked ("Acme's Huntress licences for March") are its seats purchased the same way.
"""

from __future__ import annotations

import re

from moat.ai.lexicon import METRIC_PATTERNS, compile_words
from moat.ai.reading import Reading

_LICENCES = re.compile(r"\blicenses\b|\blicense count\b|\bcount of (?:\w+ ){0,4}?licenses\b|\bnumber of (?:\w+ ){0,4}?licenses\b")
_RANKED = re.compile(r"\b(?:most|least|fewest|highest|lowest|biggest|largest|smallest|top|bottom|rank(?:ed|ing)?|sort(?:ed)?)\b")
# no product named: the ranking word right before the licences ("the most licences", "fewest licenses")
_RANKED_LICENCES = re.compile(r"\b(?:most|least|fewest|highest|lowest|biggest|largest|smallest)\s+(?:\w+\s+){0,2}?"
                              r"licenses\b")
_MONEY = re.compile(r"\$|\bdollars?\b|\busd\b|\bmoney\b|\bcosts?\b|\bcosting\b|\bspen[dt]\b|\bspending\b|\bpa(?:y|id|ying)\b|"
                    r"\bexpensive\b|\bcheap(?:est)?\b|\bbill(?:ed|s)?\b|\bcharge[ds]?\b|\bprice\b|\bworth\b")
# h116: words of a seat state or of how seats are used: an unranked product's licences with one are the seat rules'
_STATE = re.compile(r"\b(?:active|activity|assigned|allocated|unassigned|unallocated|in use|used|use|usage|using|unused|idle|"
                    r"inactive|spare|wasted?|someone|somebody|anyone|anybody|nobody|no one|people|users?|handed|given|"
                    r"occupied|taken|filled|purchased|bought|buy|log(?:ged|s)? in(?:to)?|sign(?:ed|s)? in(?:to)?)\b")
_OTHER_MEASURES = [compile_words(p) for p, name in METRIC_PATTERNS if name not in ("seat_share", "seats_purchased")]


def licence_count(r: Reading) -> None:
    """Read licences ranked (of a product, or "the most licences") as seats purchased (module doc); a metric step."""
    if r.metric is not None or r.order is None and not _RANKED.search(r.text) and (
            "product" not in r.filters or _STATE.search(r.text)):
        return  # h116: a named product's licences, unranked ("Acme's E3 licences in May"), are its seats too; a state
        # said ("in use", "assigned", "someone on them") is left to the seat rules
    m = _LICENCES.search(r.text)
    if m is None or _MONEY.search(r.text) or any(p.search(r.text) for p in _OTHER_MEASURES):
        return
    if "product" not in r.filters and not _RANKED_LICENCES.search(r.text):  # "the most licences", every product's
        return
    r.use(m.span())
    r.metric = "seats_purchased"
    r.reasons.append("licences counted: seats purchased")
