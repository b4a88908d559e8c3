"""h80 (issue 15): two more ways people write one period, as rules for ``periods.find_period`` (the longest phrase wins).

- A month written as numbers, month then year ("09/2026", "3/2027", "03-2027", "9.2026"): that month. With a
  four-digit year there is one reading (no day), unlike "3/1", so it is never asked back; a number above 12 before
  the year is no month and is left unread.
- "the last / previous / past calendar year" is last year (January to December), "this / the current calendar year"
  this year to the as-of date: the word "calendar" only says the year is not a trailing twelve months ("the past
  year" alone is), so it must not be left unread and send the question to the default period.

This module imports nothing of ``periods`` (which loads these rules): no import cycle between the two.
"""

from __future__ import annotations

import re
from datetime import date

from moat.metrics.periods import Period, month_end

MONTH_NUMBER = r"(?<![/\d.-])(?P<nm>[01]?\d)\s*[/.-]\s*(?P<ny>(?:19|20)\d\d)(?![/\d])"
CALENDAR_YEAR_SAID = (r"(?:in\s+|during\s+|for\s+|over\s+)?(?:the\s+)?(?P<cw>last|previous|prior|past|this|current)\s+"
                      r"calendar\s+year")


def month_number(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """"09/2026": September 2026 (a month number above 12 or 0 reads nothing)."""
    month, year = int(m["nm"]), int(m["ny"])
    if not 1 <= month <= 12 or not as_of.year - 30 <= year <= as_of.year + 5:
        return None
    start = date(year, month, 1)
    return Period(start, month_end(start)), f"{start:%B %Y}"


def calendar_year_said(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """"the last calendar year": the year before the as-of date's; "this calendar year": this year to the as-of date."""
    if m["cw"] in ("this", "current"):
        return Period(date(as_of.year, 1, 1), as_of), f"{as_of.year} to {as_of}"
    y = as_of.year - 1
    return Period(date(y, 1, 1), date(y, 12, 31)), str(y)


RULES = [(MONTH_NUMBER, month_number), (CALENDAR_YEAR_SAID, calendar_year_said)]
