"""h99 (issue 15, heldout15): "all products" (or vendors, licences) written as a clause of its own after the measure ("assigned of purchased,
all products, Apr 2022") says which rows the one figure is taken over, as "across all products" does (``lexicon.
ACROSS_ALL``): one company figure, never a row per product. A word asking per entity ("by", "per", "each", "which",
a ranking) keeps the list; "all techs - billable hrs as a percentage of total hrs" (a leading clause, people) keeps
one row each, as before."""

from __future__ import annotations

import re

from moat.ai.reading import Reading

_KINDS = r"(?:products|vendors|licen[cs]es|subscriptions|skus)"
_ALL = r"all\s+(?:of\s+)?(?:our\s+|the\s+|my\s+)?" + _KINDS
_ALL_CLAUSE = re.compile(r"(?:[,;(]|\s-\s)\s*(?:(?:for|on|over|in)\s+)?" + _ALL + r"\s*(?=[,;)]|\s-\s|[.?!]?\s*$)")
_PER_ENTITY = re.compile(r"\b(?:by|per|each|every|which|who|rank(?:ed|ing)?|list|top|bottom|highest|lowest|best|worst|"
                         r"most|least|breakdown|split)\b")


def all_clause(r: Reading) -> bool:
    """Blank an "all <entities>" clause and say so when nothing else asks per entity (module docstring)."""
    said = r.raw.lower()
    clause = _ALL_CLAUSE.search(said)
    if clause is None or r.order is not None or r.limit or r.threshold is not None or r.count:
        return False
    if _PER_ENTITY.search(said[:clause.start()] + " " + said[clause.end():]):
        return False
    m = re.search(r"\b" + _ALL + r"\b", r.text)
    if m is None:
        return False
    r.use(m.span(), blank=True)
    r.reasons.append(f"'{m.group(0)}' read as the rows of one figure (ask 'by {m.group(0).split()[-1].rstrip('s')}' "
                     "for one row each)")
    return True
