"""h115 (issue 15, heldout18 class d): an order said as "<side> <adjective> first" ("least active first", "most
profitable first", "busiest ones on top") sorts the whole list in that order; it is never a limit.

Why: ``lexicon.FIRST_ORDER`` reads "worst first" / "highest to lowest" with the side word right before "first"; with an
adjective between (h93 read money and size words only) the side word ranked and the default top / bottom five was
shown, "first" left unread. The side word must be one the ranking reads (``lexicon.DESC`` / ``lexicon.ASC``); the
adjective between must restate the measure in its own sense (``ORDER_ADJECTIVES``); any other word between ("the
biggest loser on top", "most idle first") leaves the question to the other rules. A number asked ("top 3 ..., most profitable first") stays the limit."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from moat.ai import lexicon as lx

if TYPE_CHECKING:
    from moat.ai.reading import Reading

# the low sides the ranking step reads as ascending (any other side word read as one is left to the other rules)
_LOW_SIDES = ("worst", "lowest", "smallest", "least", "bottom")
# adjectives that restate the ranked measure in its own sense ("least active", "most profitable", "least busy"); a word
# that may turn the sense round ("biggest loser", "most idle", "most wasteful" of a utilisation) is not read here
ORDER_ADJECTIVES = (r"active|profitable|busy|utili[sz]ed|expensive|costly|lucrative|productive|billable|valuable|"
                    r"efficient|loaded|booked|used")
SIDE_FIRST = re.compile(r"\b(?P<side>" + lx.DESC + "|" + lx.ASC + r")(?:\s+(?P<adj>[a-z][a-z-]*))?\s+(?:ones?\s+)?"
                        r"(?P<first>first|on top|up top|at (?:the )?top)\b"
                        r"(?!\s+(?:quarter|half|month|week|year|time|q[1-4]|h[12]|\d))")


def side_first(r: Reading) -> re.Match[str] | None:
    """The "<side> <adjective> first" order (module docstring), its side and "first" words read; or None."""
    m = SIDE_FIRST.search(r.text)
    if m is None or m["side"] in lx.POSITIONAL or (lx.ASC_RE.fullmatch(m["side"]) and m["side"] not in _LOW_SIDES):
        return None
    if m["adj"] and not re.fullmatch(ORDER_ADJECTIVES, m["adj"]):
        return None
    for part in ("side", "adj", "first"):
        r.use(m.span(part))
    return m
