"""h91 (issue 15): a stretch of whole months said by its length, as rules for ``periods.find_period`` (the longest
period phrase wins, so these beat the lone month or "the year" inside them).

- "the first six months of the year / of 2026 / of last year": January to the sixth month of that year ("the year"
  and "this year" are the as-of year); "the last three months of 2026": its final three months. A stretch of this
  year that has not ended by the as-of date is left unread (the answer stays flagged): it may mean "so far".
- "H2 26", "Q3 26", "q1-27": that half or quarter of 2026 / 2027 (a two-digit year without the apostrophe).
- "by quarter: Q3 26, Q4 26, Q1 27": three or more quarters in a row listed, each asked, are their span.
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
    NOT_A_YEAR_AFTER,
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



SHORT_YEAR = (r"(?:in\s+|for\s+|during\s+)?(?:(?P<h>h)(?P<hn>[12])|q(?P<qn>[1-4]))\s*[-/]?\s*(?:fy\s*)?(?P<yy>\d\d)"
              r"(?![\d.,])(?!\s*" + _alt(NOT_A_YEAR_AFTER) + r"(?![a-z]))")


def short_year(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """"H2 26", "Q3 26", "q1-27", "Q4/25": that half or quarter of 2026 (2027, 2025); two digits more than ten years
    back or past next year are no year (a count, an amount) and are left unread."""
    year = 2000 + int(m["yy"])
    if not as_of.year - 10 <= year <= as_of.year + 1:
        return None
    if m["h"]:
        first = 1 if m["hn"] == "1" else 7
        start, label = date(year, first, 1), f"H{m['hn']} {year}"
        end = month_end(date(year, first + 5, 1))
    else:
        first = 3 * int(m["qn"]) - 2
        start, label = date(year, first, 1), f"Q{m['qn']} {year}"
        end = month_end(date(year, first + 2, 1))
    return Period(start, end), label


_QUARTER_ITEM = r"q[1-4](?:\s*[-/']?\s*(?:(?:19|20)\d\d|\d\d)(?![\d%]))?"
QUARTER_LIST = (r"(?:for\s+|in\s+|over\s+)?" + _QUARTER_ITEM + r"(?:\s*(?:,|and|&|\+|/)?\s*" + _QUARTER_ITEM + r"){2,}")
_ITEM = re.compile(r"q(?P<q>[1-4])(?:\s*[-/']?\s*(?P<y>(?:19|20)\d\d|\d\d)(?![\d%]))?")
_EACH_QUARTER = re.compile(r"\b(?:by|per|each|every|a)\s+(?:quarter|qtr)\b|\bquarterly\b|\bqtrly\b|"
                           r"\bquarter[- ]by[- ]quarter\b|\bq-?o-?q\b")


def quarter_list(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """"revenue by quarter: Q3 26, Q4 26, Q1 27": three or more quarters in a row, each with one row of the per-quarter
    answer, are the span from the first to the last. A quarter without a year takes the next one's year (the latest
    such quarter begun by the as-of date when none is written). Without a word asking each quarter's figure, or
    quarters not in a row, nothing is read (the answer stays flagged): their total may not be what was meant."""
    if not _EACH_QUARTER.search(m.string):
        return None
    items = [(int(i["q"]), i["y"]) for i in _ITEM.finditer(m.group(0))]
    years: list[int | None] = [None if y is None else int(y) if len(y) == 4 else 2000 + int(y) for _q, y in items]
    later: int | None = None
    for k in range(len(items) - 1, -1, -1):  # a quarter without a year: the next quarter's year, less one across Q4
        if years[k] is None and later is not None:
            years[k] = later - (items[k][0] > items[k + 1][0])
        later = years[k]
    if any(y is None for y in years):
        last_q = items[-1][0]
        last_y = as_of.year if 3 * last_q - 2 <= as_of.month else as_of.year - 1
        years = [last_y] * len(items)
        for k in range(len(items) - 2, -1, -1):
            years[k] = years[k + 1] - (items[k][0] > items[k + 1][0])
    keys = [y * 4 + q - 1 for (q, _), y in zip(items, years, strict=True)]  # type: ignore[operator]
    if any(b != a + 1 for a, b in zip(keys, keys[1:], strict=False)) or len(keys) > 12:
        return None
    (q1, _), (q2, _) = items[0], items[-1]
    y1, y2 = years[0], years[-1]
    assert y1 is not None and y2 is not None
    start, end = date(y1, 3 * q1 - 2, 1), month_end(date(y2, 3 * q2, 1))
    return Period(start, end), f"Q{q1} {y1}-Q{q2} {y2}"


RULES = [(PART_OF_YEAR, part_of_year), (UP_TO_MONTH, up_to_month), (TO_TODAY, to_today), (SHORT_YEAR, short_year),
         (QUARTER_LIST, quarter_list)]
