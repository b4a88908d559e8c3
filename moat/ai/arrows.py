"""An arrow between two periods ("feb -> mar", "Mar 2026 -> Mar 2027") asks how a figure moved from one to the other.

Read as one summed range ("feb to mar") it answered a different question with confidence: the arrow is the notation of
a change, so it is written as "vs" (both values and the change). A trend asked over the same words ("revenue per month
jan -> jun") keeps the range: there the arrow spans the months the trend lists.
"""

from __future__ import annotations

import re

ARROW = re.compile(r"\s*(?:-+>|=+>|\u2192|\u27f6)\s*")
# Words that ask for every month of a span: the arrow then draws the span, not a change
_PER_MONTH = re.compile(r"\b(?:per|by|each|every|a) month\b|\bmonthly\b|\bmonth by month\b|\btrend\b|\bover time\b")


def arrows_as_two_periods(text: str) -> str:
    """Rewrite each arrow of ``text`` (already lower-cased) as " vs ", or as " to " when a per-month trend is asked."""
    if not ARROW.search(text):
        return text
    joiner = " to " if _PER_MONTH.search(text) else " vs "
    return ARROW.sub(joiner, text)
