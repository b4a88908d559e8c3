"""h107 (issue 15, heldout17): an order asked over a span of months with no kind of entity named ("past 6 months, best
to worst by revenue", "the last 4 months by margin, highest first"): the months are the only noun, so they are what
is ranked, every one of them. It was a confident list of clients, a noun nobody said. The other reading (clients
over the whole span) is named in the reasons and the answer is flagged: readers may mean either."""

from __future__ import annotations

import re

from moat.ai.reading import Reading

_MONTHS_SPAN = re.compile(r"\b(?:last|past|previous|prior|trailing|recent)\s+(?:[a-z0-9]+\s+)?months\b")
_ENTITY = re.compile(r"\b(?:clients?|customers?|accounts?|techs?|technicians?|engineers?|staff|people|employees?|team|"
                     r"everyone|everybody|segments?|industr(?:y|ies)|verticals?|sectors?|products?|vendors?|who|which|"
                     r"quarters?|weeks?)\b")


def months_only_noun(r: Reading) -> None:
    """The months ranked, flagged, when an order is asked over a span of months and nothing else is named (module
    docstring); a grouping step, only where no noun chose a grouping."""
    said = r.raw.lower()
    if r.grouping is not None or r.order is None or not r.no_limit or r.before is not None or r.filters \
            or r.threshold is not None or r.count or _ENTITY.search(said) or not _MONTHS_SPAN.search(said):
        return
    r.grouping = "month"
    r.confidence *= 0.6
    r.reasons.append("no kind named: the months of the span ranked, one row each; ask 'clients by ...' to rank the "
                     "clients over the whole span")
