"""h115 (issue 15, heldout18 class d): an order said as "<side> <adjective> first" ("least active first", "most
profitable first", "busiest ones on top") sorts the whole list in that order; it is never a limit.

Why: ``lexicon.FIRST_ORDER`` reads "worst first" / "highest to lowest" with the side word right before "first"; with an
adjective between (h93 read money and size words only) the side word ranked and the default top / bottom five was
shown, "first" left unread. The side word must be one the ranking reads (``lexicon.DESC`` / ``lexicon.ASC``); the
adjective between is read when it only restates a measure (``ORDER_ADJECTIVES``), else it is left for the other steps
to read or report. A number asked ("top 3 ..., most profitable first") stays the limit."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from moat.ai import lexicon as lx

if TYPE_CHECKING:
    from moat.ai.reading import Reading

# the low sides the ranking step reads as ascending (any other side word read as one is left to the other rules)
_LOW_SIDES = ("worst", "lowest", "smallest", "least", "bottom")
# adjectives that restate the ranked measure ("least active", "most profitable", "least utilised")
ORDER_ADJECTIVES = (r"active|profitable|unprofitable|busy|utili[sz]ed|under-?utili[sz]ed|over-?utili[sz]ed|expensive|"
                    r"costly|lucrative|productive|billable|idle|wasteful|used|unused|valuable|loss-making|efficient|"
                    r"loaded|booked|occupied")
SIDE_FIRST = re.compile(r"\b(?P<side>" + lx.DESC + "|" + lx.ASC + r")(?:\s+(?P<adj>[a-z][a-z-]*))?\s+(?:ones?\s+)?"
                        r"(?P<first>first|on top|up top|at (?:the )?top)\b"
                        r"(?!\s+(?:quarter|half|month|week|year|time|q[1-4]|h[12]|\d))")


def side_first(r: Reading) -> re.Match[str] | None:
    """The "<side> <adjective> first" order (module docstring), its side and "first" words read; or None."""
    m = SIDE_FIRST.search(r.text)
    if m is None or m["side"] in lx.POSITIONAL or (lx.ASC_RE.fullmatch(m["side"]) and m["side"] not in _LOW_SIDES):
        return None
    r.use(m.span("side"))
    r.use(m.span("first"))
    if m["adj"] and re.fullmatch(ORDER_ADJECTIVES, m["adj"]):
        r.use(m.span("adj"))
    return m
