"""h123 (issue 15): a list of the licence products or vendors asked with no measure ("which vendors do we buy from",
"the products Harbor is on", "list our Microsoft products") is answered as those rows with their seats purchased.

Why: the question asks which products / vendors there are (of the period, of a client when one is named); the names
are the answer and the licence rows hold them. With no measure named the metric step refused it ("I can't answer
that"), although "how many products does Harbor have" was answered from the same rows. Seats purchased is the value
shown beside each name: it is what makes a product held (a row with seats bought), the count's own rule
(``moat.ai.compile.filtered_counts``). A measure word anywhere ("products by waste") is the metric step's, not this.
The verbs of holding ("uses", "buy from", "resell") are the list's own words and are read here.
"""

from __future__ import annotations

import re

from moat.ai.listed_kind_words import HOLDING_VERBS, KIND_LISTED, LIST_LEAD
from moat.ai.reading import Reading

_KIND = re.compile(KIND_LISTED)
_LEAD = re.compile(LIST_LEAD)
_VERBS = re.compile(HOLDING_VERBS)


def listed_kind(r: Reading) -> None:
    """Read a bare list of products or vendors as those rows by seats purchased (no limit, no order asked)."""
    if r.metric is not None or r.count or r.threshold is not None or r.order is not None or r.share:
        return
    kind = _KIND.search(r.text)
    if kind is None:
        return
    said = r.text[:kind.start()]
    if not (_LEAD.fullmatch(said) or said.strip() == ""):  # the kind is what is asked for, first
        return
    r.use(kind.span())
    if (lead := _LEAD.match(r.text)) is not None:
        r.use(lead.span())
    for verb in _VERBS.finditer(r.text):
        r.use(verb.span())
    r.metric = "seats_purchased"
    r.grouping = "vendor" if re.search(r"vendor|supplier", kind["kind"]) else "product"
    r.reasons.append(f"no measure named: the {r.grouping}s listed with their seats purchased in the period")
