"""h85: words about a period that add no dates, read as part of it instead of being left over (which flagged an exactly
read question as partial).

- The same period said twice ("last month (March)", "last quarter, i.e. Q1", "last quarter I think it was q1"): a
  second period phrase naming exactly the dates already read restates them. One naming other dates is left unread
  (the reading stays flagged: which one was meant is not ours to pick).
- A preposition of time before the one period of the question ("hours over Jan-Mar", "revenue across Q1", "during
  March"): with no other period in the question it can only mean "in". Never before a bare number ("over 2026" may
  be an amount; ``moat.ai.year_amount`` settles that) and never when another period phrase is left ("Q2 over Q1").
"""

from __future__ import annotations

import re

from moat.ai.periods import PeriodMatch, find_period
from moat.ai.reading import Reading

_TIME_PREPOSITION = re.compile(r"\b(?:over|during|across|throughout)\s+(?:the\s+)?$")


def period_restated(r: Reading, read: PeriodMatch) -> None:
    """Mark a restatement of ``read`` and a time preposition before it as read (module doc); ``read`` is blanked."""
    again = find_period(r.text, r.as_of)
    if again is not None and again.period == read.period:
        r.use(again.span, blank=True)
        again = find_period(r.text, r.as_of)
    if again is not None or read.label.strip().isdigit():  # a bare year: "over 2026" may be an amount
        return
    before = _TIME_PREPOSITION.search(r.text[:read.span[0]])
    if before is not None:
        r.use(before.span())

