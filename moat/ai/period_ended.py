"""h58 (issue 15, reviewer h52's D2 / D14): two ways accountants and non-US users write a period.

- "the (fiscal) year / quarter / half / three months ended 31 December 2026" (the financial-statement phrase) is the
  stretch of that length ending on that day, never the one day: the day only closes it.
- "01/10/2026 to 31/12/2026" is a range of two numeric dates; a day above 12 in either settles day-first (or
  month-first) for both. Both readings possible ("01/02/2026 to 03/04/2026") is left unread: the answer stays flagged.
Rules for ``periods.find_period`` (the longest period phrase wins, so these beat the one day or the lone year)."""

from __future__ import annotations

import re
from datetime import date

from moat.metrics.periods import Period, add_months, month_end

_MONTHS = {"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
           "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
           "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_LENGTH = (r"(?:(?:fiscal|financial|calendar|accounting) )?(?P<unit>year|quarter|half[- ]?year|half|"
           r"(?P<n>\d{1,2}|one|two|three|four|five|six|nine|twelve) months?)")
_DAY = (rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<m1>{_MONTH}),? (?P<y1>20\d\d)|"
        rf"(?P<m2>{_MONTH}) (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y2>20\d\d)|"
        r"(?P<iso>20\d\d-\d\d-\d\d))")
ENDED = rf"(?:the )?{_LENGTH} (?:ended|ending|that ended|to|through|thru) (?:on )?{_DAY}"
CALENDAR_YEAR = r"(?:the )?calendar year (?:of )?(?P<cy>20\d\d)"
MONTH_OF = rf"(?:the )?month of (?P<mo>{_MONTH}),? (?P<my>20\d\d)"
_NUMS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "nine": 9, "twelve": 12}
_DMY = r"(\d{1,2})[/.](\d{1,2})[/.](20\d\d)"
NUMERIC_RANGE = rf"(?:from |between )?{_DMY} ?(?:to|-|until|till|through|thru|and) ?{_DMY}"


def _month_no(word: str) -> int:
    return _MONTHS[word.rstrip(".")]


def ended(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """The stretch of the named length that ends on the named day."""
    try:
        if m["iso"]:
            end = date.fromisoformat(m["iso"])
        elif m["d1"]:
            end = date(int(m["y1"]), _month_no(m["m1"]), int(m["d1"]))
        else:
            end = date(int(m["y2"]), _month_no(m["m2"]), int(m["d2"]))
    except ValueError:
        return None
    unit = m["unit"]
    months = 12 if unit == "year" else 3 if unit == "quarter" else 6 if unit.startswith("half") else (
        int(m["n"]) if m["n"].isdigit() else _NUMS[m["n"]])
    if not 1 <= months <= 36:
        return None
    if end != month_end(end):
        return None  # a stretch of whole months ends on a month's last day; another day is left to the other rules
    start = add_months(end.replace(day=1), -(months - 1))
    period = Period(start, end)
    return period, f"the {unit} ended {end:%d %B %Y} ({start}..{end})"


def numeric_range(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """Two numeric dates, read day-first or month-first as a day above 12 settles; None when both readings fit."""
    a, b, y1, c, d, y2 = (int(x) for x in m.groups()[:6])
    day_first = a > 12 or c > 12
    month_first = b > 12 or d > 12
    if day_first == month_first:
        return None  # both readings fit (or neither): left unread, the answer stays flagged
    try:
        start = date(y1, b, a) if day_first else date(y1, a, b)
        end = date(y2, d, c) if day_first else date(y2, c, d)
    except ValueError:
        return None
    if end < start:
        return None
    return Period(start, end), f"{start}..{end}"


def calendar_year(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """"(the) calendar year 2026": the year (the word only says it is January to December)."""
    y = int(m["cy"])
    return Period(date(y, 1, 1), date(y, 12, 31)), str(y)


def month_of(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """"the month of November 2026": that month."""
    start = date(int(m["my"]), _month_no(m["mo"]), 1)
    return Period(start, month_end(start)), f"{start:%B %Y}"
