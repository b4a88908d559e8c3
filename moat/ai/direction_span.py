"""h131 (h121 C1): a direction asked over a period that is not whole months ("is revenue up this quarter", "are hours
down QTD", "is licence cost up since Q1") was answered with the period's LEVEL (Q3-to-date revenue, 224,111), at 0.78
to 0.96: no comparison at all, since ``moat.ai.direction_asked`` compared whole months only. Now:

- a period running to the as-of date (this quarter / year / half, QTD, YTD, "Q3 so far") is compared like with like:
  against the same days of the unit before (1 Jul..9 Aug against 1 Apr..9 May), as "QTD vs the same period last
  quarter" is (``moat.ai.same_stretch``). Where the data holds unequal spans of the two (it ends on 31 July),
  ``compile.held_span`` shows the figures "not comparable", flagged, and says what to ask.
- "since <period>" is that period against the latest whole stretch of the same length on its grid (Q1 against the
  last whole quarter, Q2; "since March" against last month, flagged when whole stretches lie between: "since" may
  also mean all of them); when no whole one has ended since, against the one running (flagged by ``held_span`` when
  the data holds less of it).

Another unit (a span of days, "the last 30 days") is left as it was read."""

from __future__ import annotations

import re
from datetime import date

from moat.ai.periods import PeriodMatch, find_period
from moat.metrics.periods import Period, add_months, month_end

_UNIT_MONTHS = ((re.compile(r"\b(?:month|mtd)\b"), 1), (re.compile(r"\b(?:quarter|qtd|q[1-4])\b"), 3),
                (re.compile(r"\b(?:half|htd|h[12])\b"), 6), (re.compile(r"\b(?:year|ytd|(?:19|20)\d\d)\b"), 12))
GAP = 0.7  # "since March" asked in August: March against July, flagged (April..July is the other reading)
_SINCE = re.compile(r"^\s*(?:ever\s+)?since\s+(?:the\s+(?:start|beginning)\s+of\s+)?")
_SINCE_BEFORE = re.compile(r"\bsince\s+(?:the\s+(?:start|beginning)\s+of\s+)?$")


def _unit(said: str) -> int | None:
    return next((months for pattern, months in _UNIT_MONTHS if pattern.search(said)), None)


def _same_days(start: date, as_of: date, months: int) -> Period:
    """The stretch of the unit ``months`` before ``start`` holding as many days into it as ``start..as_of`` does."""
    earlier = add_months(start, -months)
    last_month = add_months(as_of.replace(day=1), -months)
    return Period(earlier, date(last_month.year, last_month.month, min(as_of.day, month_end(last_month).day)))


def _since_base(text: str, pm: PeriodMatch, as_of: date) -> Period | None:
    """The whole period said after "since" ("since Q1": Q1), whether the period rules read "since" with it or not."""
    said = text[pm.span[0]:pm.span[1]]
    if since := _SINCE.match(said):
        base = find_period(said[since.end():], as_of)
        if base is None or base.period.start != pm.period.start:
            return None
        period = base.period
    elif _SINCE_BEFORE.search(text[:pm.span[0]]):
        period = pm.period
    else:
        return None
    return period if period.start.day == 1 and period.end == month_end(period.end) else None


def to_date_pair(text: str, pm: PeriodMatch, as_of: date) -> tuple[Period, Period, str, float] | None:
    """(before, after, why, confidence factor) for a direction over a to-date or "since" period (module doc), else None."""
    named = pm.period
    if (base := _since_base(text, pm, as_of)) is not None:
        months = (base.end.year - base.start.year) * 12 + base.end.month - base.start.month + 1
        start = add_months(base.start, months)
        if start > as_of:
            return None
        while month_end(add_months(start, 2 * months - 1)) < as_of:
            start = add_months(start, months)
        after = Period(start, min(month_end(add_months(start, months - 1)), as_of))
        why = (f"a direction since {base.start}..{base.end}: against the latest stretch of the same length, "
               f"{after.start}..{after.end}")
        if after.start != add_months(base.start, months):  # stretches between: "since" may mean all of them
            return base, after, why + (f"; 'since' may also mean all of {add_months(base.start, months)}..{as_of}: "
                                       "ask for the two periods to compare"), GAP
        return base, after, why, 1.0
    if named.start.day != 1 or named.end != as_of or named.end == month_end(named.end):
        return None
    months = _unit(text[pm.span[0]:pm.span[1]])
    if months is None:
        return None
    before = _same_days(named.start, as_of, months)
    return before, named, (f"a direction over a period to date: {named.start}..{named.end} against the same days of "
                           f"the one before, {before.start}..{before.end}"), 1.0
