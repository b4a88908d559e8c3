"""h117: "margin of our 3 biggest clients", "utilisation of our busiest techs": the entities are chosen by their SIZE
(revenue for clients; hours for "busiest"), then the asked measure is shown for them. Read with the superlative bound
to the asked measure, the question listed that measure's own top N (the clients with the best margin), confidently:
another set of clients than the one asked about. The size phrase is "our / the [N] biggest | largest | top | smallest
| busiest [N] <clients | techs>" not followed by a measure of its own ("the top 3 clients by margin" is that ranking)."""
from __future__ import annotations

import re
from dataclasses import replace

from moat.ai import lexicon as lx
from moat.ai.catalogue import Intent

# the size each word ranks by, per kind of entity ("top techs" is left alone: top by what is not said)
SIZE_OF: dict[str, dict[str, str]] = {
    "client": {"biggest": "revenue", "largest": "revenue", "top": "revenue", "smallest": "revenue",
               "busiest": "hours"},
    "technician": {"busiest": "hours"},
}
_NOUN_KIND = {"client": r"clients?|accounts?|customers?", "technician": r"techs?|technicians?|engineers?|staff"}
SIZED = re.compile(r"\b(?:our|the|my)\s+(?:(?:" + lx.NUM + r")\s+)?(?P<size>biggest|largest|top|smallest|busiest)\s+"
                   r"(?:(?:" + lx.NUM + r")\s+)?(?P<noun>" + "|".join(_NOUN_KIND.values()) + r")\b(?:'s?|’s?)?"
                   r"(?!\s*(?:by|on|for|in terms of|according to|ranked|measured)\b)")


def _kind(noun: str) -> str:
    return next(k for k, words in _NOUN_KIND.items() if re.fullmatch(words, noun))


def chosen_by_size(text: str, intent: Intent) -> Intent:
    """The intent with ``chosen_by`` set to the size metric when the size phrase names the ranked entities and the
    measure asked is another; else unchanged."""
    if (intent.limit is None or intent.order is None or intent.threshold is not None or intent.count or intent.share
            or intent.compared or intent.each or intent.passing_total or intent.shown):
        return intent
    for m in SIZED.finditer(text):
        kind = _kind(m["noun"])
        size = SIZE_OF[kind].get(m["size"])
        if size is not None and kind == intent.grouping and size != intent.metric:
            return replace(intent, chosen_by=size, order="asc" if m["size"] == "smallest" else "desc")
    return intent
