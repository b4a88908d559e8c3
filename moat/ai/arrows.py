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


# h77: a share of a total asked with no change ("Harbor's share of revenue, Apr 2026 -> Mar 2027"): a share compared
# across two periods is asked back, so the arrow draws the span the one share is over (flagged: moat.ai.share_words)
_SHARE = re.compile(r"\b(?:share|percent(?:age)?|portion|proportion|fraction|slice|concentrat\w*|part of|(?:what|which) part)\b|%")
_CHANGE = re.compile(r"\b(?:change[ds]?|grow|grew|growth|rise|rose|fell|fall|dropp?(?:ed)?|move[ds]?|shift(?:ed)?|went|go|"
                     r"up|down|vs|versus|compared?)\b")


def arrows_as_two_periods(text: str) -> str:
    """Rewrite each arrow of ``text`` (already lower-cased) as " vs ", or as " to " when a per-month trend or a share
    with no change is asked."""
    if not ARROW.search(text):
        return text
    joiner = " to " if _PER_MONTH.search(text) or draws_share_span(text) else " vs "
    return ARROW.sub(joiner, text)


def draws_share_span(text: str) -> bool:
    """Whether an arrow of ``text`` (lower-cased) draws the span of a share with no change asked (h77)."""
    return ARROW.search(text) is not None and _SHARE.search(text) is not None and _CHANGE.search(text) is None
