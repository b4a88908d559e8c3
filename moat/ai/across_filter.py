"""h67 (issue 15, held-out class: segment + product + waste): "unused Huntress seat cost across healthcare clients" is
one amount over the clients the segment filter leaves, as "across all clients" is one amount over every client
(``lexicon.ACROSS_ALL``). It was listed per client, flagged, with the total as the other reading. "Across" with only
a named segment (and determiners) before the client noun scopes the figure; "by / per / each / which" still split it.
"""

from __future__ import annotations

import re

from moat.ai.reading import Reading

_ACROSS = re.compile(r"\b(?:across|throughout)(?P<gap>\s+(?:(?:all|of|our|the|my)\s+)*)(?P<noun>clients|accounts)\b")
_SPLIT = re.compile(r"\b(?:by|per|each|every|which|rank|ranked|list|top|bottom)\b")


def across_segment(r: Reading) -> bool:
    """Blank "across <segment> clients" as one amount over that segment's clients; returns whether it did."""
    if "segment" not in r.filters or _SPLIT.search(r.text) or r.order is not None or r.limit is not None:
        return False
    for m in _ACROSS.finditer(r.text):
        gap = m.span("gap")
        if any(s >= gap[0] and e <= gap[1] for s, e in r.name_spans):  # the segment's name is what stands between
            r.use(m.span(), blank=True)
            r.reasons.append(f"'across' the {', '.join(r.filters['segment'])} clients read as one amount over them")
            return True
    return False
