"""h44 (issue 15, reviewer h38's class C13): "QTD vs the same period last quarter", "this month so far against the
same time last month": a period that runs to the as-of date compared with "the same period" of the unit before is the
same stretch of days of that unit (1 Oct..3 Dec against 1 Jan..3 Mar), never the whole earlier unit (a quarter's
first two months against a whole quarter would show a fall that is only the missing days)."""

from __future__ import annotations

import re
from datetime import date

from moat.ai.reading import Reading
from moat.metrics.periods import Period, add_months, month_end

_SAME = re.compile(r"\b(?:same|equivalent|comparable|matching|corresponding)\s+(?:period|stretch|days?|point|time|"
                   r"number of days|part)\b|\blike[- ]for[- ]like\b")


def same_stretch(r: Reading) -> None:
    """Cut the earlier period to the days the to-date period covers, when the question asks for the same period."""
    before, after = r.before, r.period
    if before is None or after is None or after.end != r.as_of or after.start.day != 1 or not _SAME.search(r.raw.lower()):
        return
    offset = (after.start.year - before.start.year) * 12 + after.start.month - before.start.month
    if offset <= 0 or before.start.day != 1 or before.end != month_end(before.end) or before.end >= after.start:
        return
    start_of_last = add_months(after.end.replace(day=1), -offset)
    end = date(start_of_last.year, start_of_last.month, min(after.end.day, month_end(start_of_last).day))
    if end >= before.end:
        return
    if said := _SAME.search(r.text):
        r.use(said.span())  # "the equivalent period": read here
    r.before = Period(before.start, end)
    r.period_label = f"{before.start}..{end} vs {after.start}..{after.end}"
    r.reasons.append(f"'the same period' read as the same days of the earlier period ({before.start}..{end})")
