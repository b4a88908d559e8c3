"""h117: "margin of our 3 biggest clients", "utilisation of our busiest techs": the entities are chosen by their SIZE
(revenue for clients; hours for "busiest"), then the asked measure is shown for them. Read with the superlative bound
to the asked measure, the question listed that measure's own top N (the clients with the best margin), confidently:
another set of clients than the one asked about. The size phrase is "our / the [N] biggest | largest | top | smallest
| busiest [N] <clients | techs>" not followed by a measure of its own ("the top 3 clients by margin" is that ranking)."""
from __future__ import annotations

import re
from dataclasses import replace

from moat.ai import lexicon as lx
from moat.ai.catalogue import METRICS, Intent
from moat.ai.periods import number

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
    if intent.compared:
        return _chosen_for_change(text, intent)
    if (intent.limit is None or intent.order is None or intent.threshold is not None or intent.count or intent.share
            or intent.each or intent.passing_total or intent.shown):
        return intent
    for m in SIZED.finditer(text):
        kind = _kind(m["noun"])
        size = SIZE_OF[kind].get(m["size"])
        if size is not None and kind == intent.grouping and size != intent.metric:
            return replace(intent, chosen_by=size, order="asc" if m["size"] == "smallest" else "desc")
    return chosen_by_limit_measure(text, _chosen_by_named_size(text, intent))


def _chosen_for_change(text: str, intent: Intent) -> Intent:
    """h131 (h121 C1): "is margin up for our biggest client", "is revenue for our 3 biggest clients up on Q1": the
    entities are chosen by their size (in the later period), then the change of the asked measure is shown for each of
    them, whichever way it went. Read as a ranking of the change, the question listed the three biggest RISERS (or
    the one biggest rise of margin), confidently: other clients than the ones asked about. The size's own measure may
    be the asked one ("revenue for our 3 biggest clients"): the rows are still chosen by its level, not its change."""
    if intent.threshold is not None or intent.count or intent.each or intent.chosen_by:
        return intent
    for m in SIZED.finditer(text):
        kind = _kind(m["noun"])
        size = SIZE_OF[kind].get(m["size"])
        if size is not None and kind == intent.grouping:
            said = re.search(r"\b(?:" + lx.NUM + r")\b", m.group(0))
            limit = number(said.group(0)) if said else (5 if m["noun"].endswith("s") else 1)  # the plural's five
            return replace(intent, chosen_by=size, order="asc" if m["size"] == "smallest" else "desc", change="any",
                           limit=limit or intent.limit)
    return intent


# h127 (h121 I): the size's own measure written after the entities ("EHR of the 3 biggest clients by hours", "margin
# of our 3 biggest clients by gross profit", "the 5 clients with the most hours"), or a quiet word ("our 3 quietest
# techs", "least busy": fewest hours): the rows are chosen by that measure, the asked one shown for them. Before, the
# "by <measure>" was dropped and the asked measure's own top N listed (the 3 with the best EHR), confidently.
_METRIC_WORDS = [(lx.compile_words(p), name) for p, name in lx.METRIC_PATTERNS]
_NOUNS = "|".join(_NOUN_KIND.values())
_SIZE_BY = re.compile(r"\b(?:our|the|my)\s+(?:(?:" + lx.NUM + r")\s+)?(?P<size>biggest|largest|top|smallest|bottom)\s+"
                      r"(?:(?:" + lx.NUM + r")\s+)?(?P<noun>" + _NOUNS + r")\b(?:'s?|’s?)?\s+(?:by|on|in terms of)\s+"
                      r"(?P<rest>.*)")
_WITH_MOST = re.compile(r"\b(?:our|the|my)\s+(?:(?:" + lx.NUM + r")\s+)?(?P<noun>" + _NOUNS + r")\s+with\s+the\s+"
                        r"(?P<size>most|fewest|least|highest|lowest|biggest|smallest)\s+(?P<rest>.*)")
_QUIET = re.compile(r"\b(?:our|the|my)\s+(?:(?:" + lx.NUM + r")\s+)?(?P<size>quietest|least busy)\s+"
                    r"(?:(?:" + lx.NUM + r")\s+)?(?P<noun>" + _NOUNS + r")\b")
_LOW = ("smallest", "bottom", "fewest", "least", "lowest", "quietest", "least busy")


def _first_measure(text: str) -> str | None:
    hits = [(m.start(), i, name) for i, (pattern, name) in enumerate(_METRIC_WORDS) if (m := pattern.search(text))]
    return min(hits)[2] if hits else None


def _chosen_by_named_size(text: str, intent: Intent) -> Intent:
    """``chosen_by`` from a size measure written after the entities, or hours for a quiet word (see above)."""
    for pattern in (_SIZE_BY, _WITH_MOST, _QUIET):
        m = pattern.search(text)
        if m is None or _kind(m["noun"]) != intent.grouping:
            continue
        size = "hours" if pattern is _QUIET else _first_measure(m["rest"])
        if size is not None and size != intent.metric and size in METRICS:
            order = "asc" if m["size"] in _LOW else "desc"
            return replace(intent, chosen_by=size, order=order)
    return intent


# h127 (h121 B): "top 5 clients by gross profit, ranked by margin": the limit's measure (written first, after "by")
# chooses the rows; the sort word's measure is the one shown. Before, the sort measure replaced the limit's (the top 5
# by margin, another set of clients).
_SORTED_BY = re.compile(r"\b(?:(?:" + lx.NUM + r")\s+)?(?P<size>top|bottom|best|worst|biggest|largest|smallest)\s+"
                        r"(?:(?:" + lx.NUM + r")\s+)?(?P<noun>" + _NOUNS + r"|products?)\s+by\s+(?P<rest>.+?)[\s,;]+"
                        r"(?:then\s+)?(?:sorted|ranked|ordered|sort|rank|order|listed)\s+(?:them\s+)?by\b")
_LOW_RANK = ("bottom", "worst", "smallest")


def chosen_by_limit_measure(text: str, intent: Intent) -> Intent:
    """``chosen_by`` the limit's measure when a sort word names another measure (see above); else unchanged."""
    if (intent.limit is None or intent.threshold is not None or intent.count or intent.share or intent.compared
            or intent.each or intent.passing_total or intent.chosen_by is not None):
        return intent
    m = _SORTED_BY.search(text)
    noun = m["noun"] if m else ""
    kind = "product" if m and noun.startswith("product") else _kind(noun) if m else None
    if m is None or kind != intent.grouping:
        return intent
    size = _first_measure(m["rest"])
    if size is None or size == intent.metric or size not in METRICS:
        return intent
    return replace(intent, chosen_by=size, order="asc" if m["size"] in _LOW_RANK else "desc")
