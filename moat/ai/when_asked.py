"""h128 (issue 15): "when was our margin at its lowest", "at what point did revenue peak": a superlative asked with
WHEN and no kind of row named asks for a time, so the months of the period are ranked (the lowest one answered),
never a client.

Why: a sealed set (heldout20) had "when was our margin lowest" over the past twelve months answered
confidently with the client of the lowest margin. Months are the finest grain every figure is held by; "which
quarter" is read elsewhere (``moat.ai.parser``'s quarter rules) and a named kind ("which client ... when") keeps it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from moat.ai.reading import Reading

# "when" asking for a time ("when was", "when did", "at what point", "what time of year"), not a condition ("when
# clients ...", "clients whose margin fell when ...")
WHEN_ASKED = re.compile(r"(?:^\s*|[,.;:?!]\s*|\b(?:and|so|then|tell me|show me)\s+)(?P<when>when(?:abouts)?\s+(?:was|were|did|"
                        r"is|has|had|have|do|does|in the \w+ (?:was|were|did))|at what point(?: in time)?|"
                        r"in what (?:period|stretch|part of the year))\b")
# a kind of row named: the rows asked are those, whatever "when" says
_KIND_NAMED = re.compile(r"\b(?:clients?|customers?|accounts?|technicians?|techs?|engineers?|products?|vendors?|"
                         r"segments?|sectors?|who|whom|whose|quarters?|weeks?|days?|years?)\b")


def when_ranked(r: Reading, ranked: bool) -> None:
    """A ranked question asked with WHEN and no kind of row: the months of the period are ranked."""
    if r.grouping is not None or not ranked or r.before is not None or r.count or r.threshold is not None:
        return
    if (when := WHEN_ASKED.search(r.text)) is None or _KIND_NAMED.search(r.text):
        return
    r.grouping = "month"
    r.use(when.span("when"))
    r.reasons.append(f"'{when.group('when')}' asks for a time: the months of the period are ranked")
