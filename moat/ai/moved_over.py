"""h57 (issue 15, reviewer h51's batch 7): "how has gross margin moved over the last 6 months" asks how the figure went
month by month: each month with its change from the month before. It was read as the six months against the six
before them (one change, confidently), a question nobody asked. A "how has / did X moved / changed / developed /
trended" over / during / across a stretch of several months (the last N months, this year) is that trend; a second
period said ("compared with", "vs", "than") keeps the two-period rules."""

from __future__ import annotations

import re

from moat.ai import lexicon as lx
from moat.ai.reading import Reading

_N = r"(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
MOVED_OVER = lx.compile_words(
    r"\bhow (?:has|have|did|does|do|is|are)\b(?: \w+){1,4}? (?P<chg>mov(?:ed|e|ing)|chang(?:ed|e|ing)|develop(?:ed|ing)?|"
    r"evolv(?:ed|e|ing)|trend(?:ed|ing)?|shift(?:ed|ing)?|progress(?:ed|ing)?|fared|gone|done)\b"
    r"(?= (?:over|during|across|through(?:out)?|in) (?:the |our )?(?:(?:last|past|previous|prior) " + _N + r" months|"
    r"this year|the year so far|the last year|the past year)\b)")
_SECOND_PERIOD = re.compile(r"\b(?:compared|vs|versus|than|against|relative to|before them|before that|year over year)\b")


def moved_over_months(r: Reading) -> re.Match[str] | None:
    """The words asking how a figure moved over several months (module docstring), or None."""
    if _SECOND_PERIOD.search(r.text):
        return None
    return MOVED_OVER.search(r.text)
