"""h91 (issue 15): a stretch of whole months said by its length, as rules for ``periods.find_period`` (the longest
period phrase wins, so these beat the lone month or "the year" inside them).

- "the first six months of the year / of 2026 / of last year": January to the sixth month of that year ("the year"
  and "this year" are the as-of year); "the last three months of 2026": its final three months. A stretch of this
  year that has not ended by the as-of date is left unread (the answer stays flagged): it may mean "so far".
- "the six months to the end of July", "3 months up to March", "the 4 quarters ending June 2026", "two quarters
  through Dec": the stretch of that length ending with that month (the latest such month begun by the as-of date when
  no year is said).

Word lists live in ``moat.ai.period_length_words``. This module imports nothing of ``periods`` (which loads these
rules): no import cycle between the two.
"""

from __future__ import annotations

import re
from datetime import date

from moat.ai.period_length_words import (
    CLOSING_PART_WORDS,
    CLOSING_WORDS,
    COUNT_WORDS,
    MONTH_WORDS,
    OPENING_WORDS,
    UNIT_MONTHS,
)
from moat.ai.period_spans import UNSURE_ORDER
from moat.metrics.periods import Period, add_months, month_end


def _alt(words) -> str:
    return "(?:" + "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True)) + ")"


_COUNT = r"(?P<n>\d{1,2}|" + _alt(COUNT_WORDS)[3:]
_MONTH = r"(?P<m>" + _alt(MONTH_WORDS)[3:] + r"\.?"
_LEAD = r"(?:(?:in|during|for|over|across|of)\s+)?(?:the\s+)?"
PART_OF_YEAR = (_LEAD + r"(?P<part>" + _alt(OPENING_WORDS + CLOSING_PART_WORDS)[3:] + r"\s+" + _COUNT
                + r"\s+months?\s+(?:of\s+)?(?:(?P<this>(?:the|this)\s+year)|(?P<prev>last|previous|prior)\s+year|"
                r"(?P<y>(?:19|20)\d\d))")
UP_TO_MONTH = (_LEAD + r"(?:(?:last|past|trailing|previous)\s+)?" + _COUNT + r"\s+(?P<unit>" + _alt(UNIT_MONTHS)[3:]
               + r"\s+" + _alt(CLOSING_WORDS) + r"\s+(?:the\s+)?(?:(?:end|close)\s+of\s+)?" + _MONTH
               + r"(?:,?\s+(?:of\s+)?(?P<y>(?:19|20)\d\d))?")


def _count(word: str) -> int:
    return int(word) if word.isdigit() else COUNT_WORDS[word]


def part_of_year(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """"the first six months of 2026": January to June 2026; "the last 3 months of last year": its October to
    December. None when the count is no part of a year or (this year) the stretch has not ended by the as-of date."""
    n = _count(m["n"])
    if not 1 <= n <= 11:
        return None  # twelve months of a year is the year: left to the year rules
    year = int(m["y"]) if m["y"] else as_of.year - 1 if m["prev"] else as_of.year
    first = m["part"] in OPENING_WORDS
    start = date(year, 1, 1) if first else date(year, 12 - n + 1, 1)
    end = month_end(date(year, n, 1)) if first else date(year, 12, 31)
    if end > as_of:
        return None  # not over yet: "so far" or the whole stretch? left unread, the answer stays flagged
    word = "first" if first else "last"
    return Period(start, end), f"the {word} {n} months of {year} ({start}..{end})"


def up_to_month(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """"the six months to the end of July": February to July (of the latest July begun by the as-of date)."""
    months = _count(m["n"]) * UNIT_MONTHS[m["unit"].lower()]
    if not 1 <= months <= 36:
        return None
    month = MONTH_WORDS[m["m"].rstrip(".").lower()]
    year = int(m["y"]) if m["y"] else as_of.year if month <= as_of.month else as_of.year - 1
    end = month_end(date(year, month, 1))
    start = add_months(date(year, month, 1), -(months - 1))
    return Period(start, end), f"the {months} months to the end of {end:%B %Y} ({start}..{end})"




_NUMERIC_DAY = r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d)"
TO_TODAY = (r"(?:from\s+|since\s+|between\s+)?" + _NUMERIC_DAY + r"\s*(?:to|until|till|through|thru|up\s+to|-|–|and)\s*"
            r"(?:today|now|date|the\s+present|present)")


def to_today(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """"from 3/15/2026 to today": that day to the as-of date, month first (US) unless a number above 12 settles day
    first; where both orders are days and differ ("3/1/2026") the label says so and the parser flags the answer."""
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    try:
        start = date(y, b, a) if a > 12 else date(y, a, b)
    except ValueError:
        return None
    if start > as_of:
        return None
    label = f"{start}..{as_of}"
    if a <= 12 and b <= 12 and a != b:
        label += f" ({UNSURE_ORDER} {date(y, b, a)})"
    return Period(start, as_of), label


RULES = [(PART_OF_YEAR, part_of_year), (UP_TO_MONTH, up_to_month), (TO_TODAY, to_today)]
