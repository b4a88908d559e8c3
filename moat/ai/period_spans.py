"""h66 (issue 15): more ways people write one period, as rules for ``periods.find_period`` (the longest phrase wins).

- A range written out with a day or a month's start / end at either side, with or without a year: "from 3/1 to
  5/31", "3/1 through 5/31", "between March 1st and May 31st", "from the start of March to the end of May", "1 Feb -
  30 Apr": ONE period from the first day to the last, never two one-day periods compared, never the default period.
  Without a year it is the most recent such span that has ended by the as-of date (the reading states the year).
  Two numeric dates read month-first (US) unless a number above 12 settles day-first; where both readings are dates
  and differ, the label carries ``UNSURE_ORDER`` and the parser flags the answer.
- "last months revenue" (a possessive typed without its apostrophe) is last month, as "last month's"; so for
  quarters, years and weeks.
- "the month / quarter / year before last" is the one before the last whole one.
- "last year (12 months)": the parenthesis says the trailing twelve whole months, not the calendar year.
- "the last twelve" (no unit) where the question counts or lists months: the last twelve whole months.
- "from April onwards", "April onward", "from April on": from that month's first day to the as-of date.

This module imports nothing of ``periods`` (which loads these rules): no import cycle between the two.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from moat.metrics.periods import Period, add_months, month_end

MONTHS = {"january": 1, "jan": 1, "february": 2, "feb": 2, "febr": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
          "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9,
          "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12}
UNSURE_ORDER = "read month first; day first would be"  # in a label: both orders are dates, the answer is flagged
LISTED = "months listed"  # in a label: three months listed with no word asking each month's figure
_M = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_SFX = r"(?:st|nd|rd|th)"
_YEAR_AFTER = r"(?:,?\s+(?:of\s+|in\s+)?(?P<{y}>(?:19|20)\d\d)(?![\d%k])|\s+(?P<{r}>this|last)\s+year)?"


def _start(t: str) -> str:
    """One side of a range: the start / beginning of a month, a day of a month (either order), or a month."""
    return (r"(?:(?:the\s+)?(?:start|beginning|begining|begin|first|1st|opening)\s+of\s+(?:the\s+month\s+of\s+)?(?P<a" + t
            + r">" + _M + r")|(?:the\s+)?(?P<b" + t + r">[0-3]?\d)(?P<bs" + t + r">" + _SFX + r")?\s+(?:of\s+)?(?P<c" + t
            + r">" + _M + r")|(?P<e" + t + r">" + _M + r")\s+(?:the\s+)?(?P<f" + t + r">[0-3]?\d)(?P<fs" + t + r">" + _SFX
            + r")?(?![\d/])|(?:the\s+)?(?:(?P<end" + t + r">end|close|last\s+day|finish)\s+of\s+(?:the\s+month\s+of\s+)?)"
            r"(?P<g" + t + r">" + _M + r")|(?P<h" + t + r">" + _M + r"))" + _YEAR_AFTER.format(y="y" + t, r="r" + t))


_JOIN = r"\s*(?P<join>to|until|till|through|thru|up\s+to|upto|up\s+until|-|–|and)\s*"
WRITTEN_RANGE = r"(?P<lead>from|between)?\s*" + _start("1") + _JOIN + _start("2")


def _side(m: re.Match[str], t: str, last: bool) -> tuple[int, int | None, bool, bool]:
    """(month, day or None for "its first / last day", a day was written, the day had a suffix or "the")."""
    if m["a" + t]:
        return MONTHS[m["a" + t].rstrip(".")], 1, False, True
    if m["c" + t]:
        return MONTHS[m["c" + t].rstrip(".")], int(m["b" + t]), True, bool(m["bs" + t])
    if m["e" + t]:
        return MONTHS[m["e" + t].rstrip(".")], int(m["f" + t]), True, bool(m["fs" + t])
    if m["g" + t]:
        return MONTHS[m["g" + t].rstrip(".")], None, False, True
    month = MONTHS[m["h" + t].rstrip(".")]
    return month, (None if last else 1), False, False


def _year(m: re.Match[str], t: str, as_of: date) -> int | None:
    if m["y" + t]:
        return int(m["y" + t])
    if m["r" + t]:
        return as_of.year if m["r" + t] == "this" else as_of.year - 1
    return None


def _day(year: int, month: int, day: int | None) -> date | None:
    try:
        return month_end(date(year, month, 1)) if day is None else date(year, month, day)
    except ValueError:
        return None


def written_range(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """A range with a day, or a month's start or end, on at least one side (two plain months are ``_month_range``'s)."""
    if m["join"] == "and" and m["lead"] != "between":
        return None  # "March 1st and May 31st" without "between" may be two days
    if m["g1"]:
        return None  # "from the end of March to ...": no first day written
    a, b = _side(m, "1", False), _side(m, "2", True)
    special = bool(m["a1"] or m["a2"] or m["g2"])  # "the start of March", "the end of May"
    if not (a[2] or b[2] or special):
        return None  # two plain months: ``periods._month_range``
    if (a[2] != b[2]) and not special and not (a[3] or b[3]):
        return None  # "top 3 mar-may": a bare number beside one month is no day
    y1, y2 = _year(m, "1", as_of), _year(m, "2", as_of)
    return _resolve(a[0], a[1] or 1, b[0], b[1], y1, y2, as_of)


def _resolve(m1: int, d1: int, m2: int, d2: int | None, y1: int | None, y2: int | None,
             as_of: date) -> tuple[Period, str] | None:
    """The dates of a range whose years may be unwritten: a written year applies to the other side (the start a year
    earlier when it would fall after the end); none written: the latest such span that has ended by the as-of date."""
    wrap = (m1, d1) > (m2, d2 if d2 is not None else 31)
    if y2 is None and y1 is None:
        y2 = as_of.year
        end = _day(y2, m2, d2)
        if end is None or end > as_of:
            y2 -= 1
    elif y2 is None:
        y2 = y1 + wrap if y1 is not None else None
    if y1 is None:
        y1 = y2 - wrap if y2 is not None else None
    if y1 is None or y2 is None:
        return None
    start, end = _day(y1, m1, d1), _day(y2, m2, d2)
    if start is None or end is None or end <= start:
        return None
    return Period(start, end), f"{start}..{end}"


_MD = r"(?P<{a}>\d{{1,2}})/(?P<{b}>\d{{1,2}})(?:/(?P<{y}>\d{{4}}|\d\d))?"
NUMERIC_RANGE = (r"(?:from\s+|between\s+)?" + _MD.format(a="a", b="b", y="y1") + r"\s*(?P<join>to|until|till|through|thru|-|–|and)\s*"
                 + _MD.format(a="c", b="d", y="y2") + r"(?!\s*(?:%|of\b|percent))")


def _full_year(text: str | None) -> int | None:
    return None if text is None else int(text) if len(text) == 4 else 2000 + int(text)


def numeric_range(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """"3/1 to 5/31", "03/01-05/31/25", "1/3 to 31/5": month first unless a number above 12 settles day first; with
    both orders possible (and different) the label says so (the parser flags it). Two four-digit years are left to
    ``period_ended.numeric_range``."""
    if m["y1"] and m["y2"] and len(m["y1"]) == len(m["y2"]) == 4:
        return None
    if m["join"] == "and" and not m.group(0).startswith("between"):
        return None
    a, b, c, d = (int(m[k]) for k in "abcd")
    y1, y2 = _full_year(m["y1"]), _full_year(m["y2"])
    us = _resolve(a, b, c, d, y1, y2, as_of) if a <= 12 and c <= 12 else None
    eu = _resolve(b, a, d, c, y1, y2, as_of) if b <= 12 and d <= 12 else None
    if us is None:
        return eu
    if eu is None or eu[0] == us[0]:
        return us
    return us[0], f"{us[1]} ({UNSURE_ORDER} {eu[1]})"


_UNIT_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def _whole_unit(unit: str, back: int, as_of: date) -> Period:
    """The whole month / quarter / year ``back`` units before the one holding the as-of date."""
    if unit == "year":
        return Period(date(as_of.year - back, 1, 1), date(as_of.year - back, 12, 31))
    step = _UNIT_MONTHS[unit]
    first = as_of.replace(day=1) if step == 1 else date(as_of.year, 3 * ((as_of.month - 1) // 3) + 1, 1)
    start = add_months(first, -step * back)
    return Period(start, month_end(add_months(start, step - 1)))


def _unit_label(unit: str, p: Period) -> str:
    if unit == "month":
        return f"{p.start:%B %Y}"
    if unit == "quarter":
        return f"Q{(p.start.month - 1) // 3 + 1} {p.start.year}"
    return str(p.start.year)


# "last months revenue", "this quarters hours", "prev months gp": the possessive without its apostrophe
POSSESSIVE = (r"(?<!the\s)(?P<w>last|previous|prev|prior|this|current)\s+(?P<u>month|quarter|qtr|year|yr)s"
              r"(?=\s+(?!(?:of|in|where|when|that|which|who|with|and|or|to|for|ago|back|before|after|since)\b)[a-z])")


def possessive(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    unit = {"qtr": "quarter", "yr": "year"}.get(m["u"], m["u"])
    if m["w"] in ("this", "current"):
        start = _whole_unit(unit, 0, as_of).start
        return Period(start, as_of), f"this {unit} to {as_of}"
    p = _whole_unit(unit, 1, as_of)
    return p, _unit_label(unit, p)


BEFORE_LAST = (r"(?:in\s+|for\s+|during\s+)?(?:the\s+)?(?:last\s+)?(?P<u>month|quarter|qtr|year)\s+(?:before|prior\s+to)\s+"
               r"(?:the\s+)?last(?:\s+(?:one|month|quarter|qtr|year))?")


def before_last(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """"the month before last", "last month before last": two whole months back (so for quarters and years)."""
    unit = {"qtr": "quarter"}.get(m["u"], m["u"])
    p = _whole_unit(unit, 2, as_of)
    return p, _unit_label(unit, p)


# "last year (12 months)", "the past year - 12 months", "last year i.e. the last 12 months", "last year ttm"
YEAR_OF_MONTHS = (r"(?:in\s+|over\s+|for\s+|during\s+)?(?:the\s+)?(?:last|past|previous|prior)\s+year\s*-?\s*"
                  r"(?:(?:i\.?e\.?|ie|so|meaning|that\s+is)\s+)?(?:the\s+)?(?:(?:last|past|trailing|rolling)\s+(?:12|twelve)"
                  r"(?:\s+(?:whole\s+)?(?:months?|mos?|mths?))?|(?:12|twelve)\s+(?:whole\s+)?(?:months?|mos?|mths?)|ttm|ltm|"
                  r"rolling|trailing)\b")


def year_of_months(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """"last year (12 months)": the twelve whole months before the as-of month (the parenthesis settles it)."""
    first = as_of.replace(day=1)
    return Period(add_months(first, -12), first - timedelta(days=1)), "last 12 whole months"


_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
            "eleven": 11, "twelve": 12, "eighteen": 18, "twenty four": 24}
LAST_N_BARE = (r"(?:in\s+|over\s+|for\s+|during\s+)?(?:the\s+)?(?:last|past|previous|trailing)\s+(?P<n>\d{1,2}|"
               + "|".join(_NUMBERS) + r")(?!\s*(?:\d|%|k\b|days?|weeks?|months?|mos?|mths?|quarters?|qtrs?|years?|yrs?|"
               r"clients?|customers?|accounts?|techs?|technicians?|products?|vendors?|hours?|seats?|licen[cs]es?|invoices?|"
               r"tickets?|entries|rows?|jobs?|projects?|people|staff|names?|items?|results?|records?|"
               r"dollars?|grand|thousand|percent)\b)")
_MONTHS_ASKED = re.compile(r"\bmonths?\b|\bmonthly\b")


def last_n_bare(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """"count the months (last twelve) where ...": the unit is the months the question counts or lists."""
    n = int(m["n"]) if m["n"].isdigit() else _NUMBERS[m["n"]]
    if not 2 <= n <= 36 or not _MONTHS_ASKED.search(m.string):
        return None
    first = as_of.replace(day=1)
    return Period(add_months(first, -n), first - timedelta(days=1)), f"last {n} whole months"


ONWARDS = (r"(?:(?:from|starting(?:\s+(?:from|in|with))?|beginning(?:\s+(?:from|in|with))?)\s+)?(?:the\s+(?:start|beginning)\s+of\s+)?"
           r"(?P<m>" + _M + r")" + _YEAR_AFTER.format(y="y", r="r")
           + r"\s+(?:on(?:wards?)?|forwards?|and\s+(?:on|after|later|beyond|since)|till\s+now|until\s+now|to\s+now)\b")


def onwards(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """"from April onwards": from the latest April that has begun (or the year written) to the as-of date."""
    month = MONTHS[m["m"].rstrip(".")]
    year = _year(m, "", as_of)
    if year is None:
        year = as_of.year if month <= as_of.month else as_of.year - 1
    start = date(year, month, 1)
    if start > as_of:
        return None
    return Period(start, as_of), f"{start} to {as_of}"


QUARTER_SPAN = (r"(?:from\s+|between\s+)?q(?P<a>[1-4])(?:\s+|-)?(?P<y1>(?:19|20)\d\d)?\s*(?P<join>to|through|thru|till|until|-|–|and)\s*"
                r"q(?P<b>[1-4])(?:\s+|-)?(?P<y2>(?:19|20)\d\d)?(?![\d%k])")


_PER_QUARTER = re.compile(r"\b(?:by|per|each|every|a)\s+(?:quarter|qtr)\b|\bquarterly\b|\bquarter\s+by\s+quarter\b")


def quarter_span(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """"Q3 2024 through Q2 2025", "Q4 2024 - Q1 2025", "each quarter from Q3 2024 to Q2 2025": from the first
    quarter's first day to the second's last, across a year end ("from Q4 to Q1 2026" alone compares the two, as
    before; a change word makes any of them two periods, read by ``comparison``)."""
    if not (m["y1"] or m["y2"]) or m["join"] == "and" and not m.group(0).startswith("between"):
        return None  # no year: ``periods._quarter_range``
    if m["join"] == "to" and not _PER_QUARTER.search(m.string):
        return None  # "from Q4 to Q1 2026" compares the two quarters unless each quarter is asked
    a, b = int(m["a"]), int(m["b"])
    y2 = int(m["y2"]) if m["y2"] else int(m["y1"]) + (b < a)
    y1 = int(m["y1"]) if m["y1"] else y2 - (b < a)
    start, end = date(y1, 3 * a - 2, 1), month_end(date(y2, 3 * b, 1))
    if end <= start:
        return None
    return Period(start, end), f"Q{a} {y1}-Q{b} {y2}"


MONTH_LIST = (r"(?:for\s+|in\s+|over\s+)?(?P<first>" + _M + r")(?P<rest>(?:\s*(?:,|and|&|\+|/)?\s*(?:" + _M + r")){2,})"
              + _YEAR_AFTER.format(y="y", r="r"))
_PER_STEP = re.compile(r"\bmom\b|month[- ](?:over|on|to|by)[- ]month|\bchanges?\b|\bup\s+or\s+down\b|\b(?:each|every|per|by)\s+month\b|"
                       r"\bmonthly\b|\bdelta\b|\bdifferences?\b|\bmovements?\b|\bswings?\b")


def month_list(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """"MoM changes april, may, june", "revenue april may june month by month": three or more months in a row are the
    span from the first to the last (each month then a row of the per-month answer). Where no word asks for each
    month, the label carries ``LISTED`` and the parser flags the total (each month may have been meant)."""
    months = [MONTHS[w.rstrip(".")] for w in re.findall(_M, m.group(0))]
    if any(b != a % 12 + 1 for a, b in zip(months, months[1:], strict=False)) or len(months) > 12:
        return None  # not consecutive: no one span
    span = _resolve(months[0], 1, months[-1], None, None, _year(m, "", as_of), as_of)
    if span is None or _PER_STEP.search(m.string):
        return span
    return span[0], f"{span[1]} ({LISTED})"


LATEST_QUARTER = r"(?:in\s+|for\s+|during\s+)?(?:the\s+)?(?:last|previous|prior|most\s+recent|latest|past)\s+q(?P<q>[1-4])(?!\s*(?:19|20)\d\d)"


def latest_quarter(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """"last Q4", "the previous Q2": the latest such quarter that has ended by the as-of date."""
    q = int(m["q"])
    year = as_of.year if month_end(date(as_of.year, 3 * q, 1)) <= as_of else as_of.year - 1
    start = date(year, 3 * q - 2, 1)
    return Period(start, month_end(add_months(start, 2))), f"Q{q} {year}"


UNITS_AGO = (r"(?:in\s+|for\s+)?(?P<n>\d{1,2}|a|one|two|three|four|five|six)\s+(?P<u>months?|quarters?|qtrs?|years?)\s+"
             r"(?:ago|back|earlier)(?!\s+(?:to|until|till|through)\b)")


def units_ago(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """"2 months ago", "a quarter back", "three months earlier": that whole month / quarter / year, counted back from
    the one holding the as-of date ("a month ago" is last month)."""
    n = 1 if m["n"] in ("a", "one") else int(m["n"]) if m["n"].isdigit() else _NUMBERS[m["n"]]
    unit = {"qtr": "quarter"}.get(m["u"].rstrip("s"), m["u"].rstrip("s"))
    if not 1 <= n <= 36 or unit == "year" and n == 1:
        return None  # "a year ago" is the comparison with a year earlier (``lexicon.LAST_YEAR``)
    p = _whole_unit(unit, n, as_of)
    return p, _unit_label(unit, p)


RULES = [(UNITS_AGO, units_ago), (LATEST_QUARTER, latest_quarter), (MONTH_LIST, month_list), (QUARTER_SPAN, quarter_span), (WRITTEN_RANGE, written_range), (NUMERIC_RANGE, numeric_range), (POSSESSIVE, possessive),
         (BEFORE_LAST, before_last), (YEAR_OF_MONTHS, year_of_months), (LAST_N_BARE, last_n_bare), (ONWARDS, onwards)]
