"""h99 (issue 15, heldout15): how a figure "moved" / its "movement" month to month ("how did revenue move month to month
this year", "the monthly movement of gross profit") asks each month's value with its change from the month before
(the monthly series with the change), not the plain monthly series nor one total. A second period said ("vs",
"compared with") keeps the two-period rules."""

from __future__ import annotations

import re

from moat.ai import lexicon as lx
from moat.ai.reading import Reading

_MOVE = r"mov(?:e[ds]?|ing|ements?)|shift(?:s|ed|ing)?|swings?|swung"
_PER = (r"(?:from\s+)?month[- ](?:to|by)[- ]month|from\s+one\s+month\s+to\s+the\s+next|month\s+after\s+month|"
        r"(?:each|every|per|a)\s+month|monthly")
MOVED_MONTHLY = re.compile(r"\b(?P<chg>" + _MOVE + r")\b(?:\s+\w+){0,4}?\s+(?P<per>" + _PER + r")\b|"
                           r"\b(?P<per2>" + _PER + r")\b(?:\s+\w+){0,4}?\s+(?P<chg2>" + _MOVE + r")\b")


def moved_month_to_month(r: Reading) -> re.Match[str] | None:
    """The words asking how a figure moved from month to month (module docstring), or None."""
    if lx.AGAINST.search(r.text):
        return None
    return MOVED_MONTHLY.search(r.text)
