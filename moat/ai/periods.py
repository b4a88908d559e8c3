"""The period grammar of questions: explicit dates, months, quarters, halves, ranges and relative periods.

Everything is resolved against an as-of date (the day the question is asked, or ``--as-of``), so the same words
always mean the same dates in tests and in the cache key. A month, quarter or half named without a year means
the most recent one that has started by the as-of date ("March" asked in November 2026 is March 2026; asked in
February 2026 it is March 2025). Relative periods: "last quarter"/"last month"/"last year" are the previous whole
calendar unit; "this year"/"this quarter"/"this month"/"year to date" run up to the as-of date; "last 90 days" and
"last 4 weeks" end on the as-of date; "last 3 months" are the three whole months before the as-of month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from moat.metrics.periods import Period, add_months, month_end

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "febr": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "sixty": 60, "ninety": 90, "a": 1, "an": 1,
    "a couple of": 2, "a dozen": 12, "half a dozen": 6,
}
ORDINAL_QUARTER = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": 4}

_MONTH = r"(?P<{n}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# h27: a number followed by an amount's words ("2000+", "2000 or more", "2000 dollars") is an amount,
# never a year ("over 2000 in sept and oct" is a threshold, not the year 2000)
_AMOUNT_AFTER = (r"(?!\s*(?:\+|%|k\b|,\d|\.\d|or\s+(?:more|less|above|over|higher|lower|fewer|so|better|up)\b|plus\b|"
                 r"and\s+(?:up|over|above|more)\b|dollars?\b|bucks\b|usd\b|eur\b|gbp\b|pounds\b|euros?\b|"
                 r"in\s+(?:revenue|sales|profit|labou?r|costs?)\b))")  # (a unit after a year, "Sept 2026 seats", is no amount)
_YEAR = r"(?P<{n}>(?:19|20)\d\d)" + _AMOUNT_AFTER
# h27: a number after a threshold word or a currency sign is an amount ("over 2000", "at least 2000", "$2000")
_AMOUNT_BEFORE = re.compile(r"(?:\$|>|<|=|\b(?:over|above|under|below|than|least|most|exceeding|exceeds?|past|"
                            r"beyond|topping|upwards of|around|about|roughly|approx(?:imately)?))\s*$")
_NUM = r"(?P<{n}>\d+|" + "|".join(sorted((re.escape(k) for k in NUMBER_WORDS), key=len, reverse=True)) + r")"


def _m(name: str) -> str:
    return _MONTH.format(n=name)


def _y(name: str) -> str:
    return _YEAR.format(n=name)


def _yp(tag: str) -> str:
    """An optional year after a month, quarter or half: "2025", "of 2025", "'25", "last year", "of the previous
    year", "this year" (groups ``y<tag>``, ``yy<tag>`` and ``rel<tag>``)."""
    return (r"(?:,?\s+(?:of\s+|in\s+)?(?:" + _y("y" + tag) + r"|(?:the\s+)?(?P<rel" + tag
            + r">last|previous|prior|past|this|current)\s+year(?:'s)?)|\s*'(?P<yy" + tag + r">\d\d))?")


def _year_said(m: re.Match[str], tag: str, as_of: date) -> int | None:
    """The year a ``_yp`` group names (None when no year was written)."""
    if m["y" + tag]:
        return int(m["y" + tag])
    if m["yy" + tag]:
        return 2000 + int(m["yy" + tag])  # "Q3 '25"
    rel = m["rel" + tag]
    if rel:
        return as_of.year if rel in ("this", "current") else as_of.year - 1
    return None


@dataclass(frozen=True)
class PeriodMatch:
    period: Period
    label: str
    span: tuple[int, int]  # characters of the question it came from (removed before further parsing)


def number(text: str) -> int | None:
    text = text.strip().lower()
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


def quarter_period(year: int, q: int) -> Period:
    start = date(year, 3 * (q - 1) + 1, 1)
    return Period(start, month_end(add_months(start, 2)))


def _latest_year(month: int, as_of: date) -> int:
    """The year of the most recent ``month`` that has started by ``as_of``."""
    return as_of.year if month <= as_of.month else as_of.year - 1


def _month_period(month: int, year: int) -> Period:
    start = date(year, month, 1)
    return Period(start, month_end(start))


def _parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# Each rule: (regex, builder(match, as_of) -> (Period, label) | None). Tried in order; the first match wins,
# so longer, more specific forms come first.
_SPECS: list[tuple[str, object]] = []


def _rule(pattern: str):  # decorator factory
    """Register a period rule: (regex, builder(match, as_of) -> (Period, label) | None)."""
    def deco(fn):
        _SPECS.append((pattern, fn))
        return fn
    return deco


@_rule(r"(?:from|between)?\s*(?P<a>\d{4}-\d\d-\d\d)\s*(?:to|until|till|through|and|-|–|\.\.)\s*(?P<b>\d{4}-\d\d-\d\d)")
def _iso_range(m, as_of):
    a, b = _parse_day(m["a"]), _parse_day(m["b"])
    return None if a is None or b is None or b < a else (Period(a, b), f"{a}..{b}")

@_rule(r"(?:on\s+)?(?P<a>\d{4}-\d\d-\d\d)")
def _iso_day(m, as_of):
    a = _parse_day(m["a"])
    return None if a is None else (Period(a, a), str(a))

# h77: two months written as year-month ("2026-04 to 2027-03") are the span from the first to the last, as "Apr 2026 to
# Mar 2027" is (read one month at a time, "to" compared the two months)
@_rule(r"(?:from|between)?\s*(?P<y1>(?:19|20)\d\d)-(?P<m1>0[1-9]|1[0-2])\s*(?:to|until|till|through|thru|-|–)\s*"
       r"(?P<y2>(?:19|20)\d\d)-(?P<m2>0[1-9]|1[0-2])(?!-\d)")
def _iso_month_range(m, as_of):
    a, b = _month_period(int(m["m1"]), int(m["y1"])), _month_period(int(m["m2"]), int(m["y2"]))
    return None if b.start <= a.start else (Period(a.start, b.end), f"{a.start:%b %Y}-{b.start:%b %Y}")

@_rule(r"(?:in\s+)?(?P<y>(?:19|20)\d\d)-(?P<mo>0[1-9]|1[0-2])(?!-\d)")
def _iso_month(m, as_of):
    p = _month_period(int(m["mo"]), int(m["y"]))
    return p, f"{p.start:%B %Y}"

@_rule(r"(?P<lead>from|between)?\s*" + _m("m1") + r"(?:\s+" + _y("y1") + r")?\s*(?P<join>to|until|till|through|and|-|–)\s*"
     + _m("m2") + _yp("2"))
def _month_range(m, as_of):
    if m["join"] == "and" and m["lead"] != "between":
        return _two_months(m, as_of)  # h44: "Feb and Jan" is two months, never a range
    m1, m2 = MONTHS[m["m1"]], MONTHS[m["m2"]]
    said = _year_said(m, "2", as_of)
    y2 = said if said is not None else _latest_year(m2, as_of)
    y1 = int(m["y1"]) if m["y1"] else (y2 if m1 <= m2 else y2 - 1)
    start, end = date(y1, m1, 1), month_end(date(y2, m2, 1))
    if said is None and not m["y1"] and end > as_of:  # h39: "mar-apr" asked in April: the latest such range that has ended
        start, end = date(start.year - 1, start.month, 1), month_end(date(end.year - 1, end.month, 1))
    if end < start:
        return None
    return Period(start, end), f"{start:%b %Y}-{end:%b %Y}"

def named_months(m: re.Match[str], as_of: date) -> tuple[Period, Period] | None:
    """h44: the two months of "<month> and <month>" (groups m1/y1, m2 and the year after it), each the latest of its
    name unless a year is written, earlier first; None when both are the same month."""
    said = _year_said(m, "2", as_of)
    m1, m2 = MONTHS[m["m1"]], MONTHS[m["m2"]]
    y1 = int(m["y1"]) if m["y1"] else (said if m1 <= m2 else said - 1) if said is not None else _latest_year(m1, as_of)
    a = _month_period(m1, y1)
    b = _month_period(m2, said if said is not None else _latest_year(m2, as_of))
    if a == b:
        return None
    return (a, b) if a.start < b.start else (b, a)


def _two_months(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """h44: two month names joined by "and" (or "&") are two months, the latest of each ("revenue Feb and Jan" asked
    in March is Jan + Feb of this year, "hours Jan and Dec" is Dec + Jan): never a range reaching back a year (only
    "from A to B", "A-B", "A through B", "between A and B" are ranges). Two months next to each other are one span,
    their total; two apart are no one span (None here: ``apart_months`` reads them as two periods)."""
    two = named_months(m, as_of)
    if two is None or add_months(two[0].start, 1) != two[1].start:
        return None
    a, b = two
    return Period(a.start, b.end), f"{a.start:%b %Y} and {b.start:%b %Y}"


def apart_months(text: str, as_of: date) -> tuple[Period, Period, tuple[int, int]] | None:
    """h44: "revenue Nov and Feb": two months joined by "and" that are not next to each other (no one period holds
    both and nothing between): the two months, earlier first, and the characters that named them."""
    for match in _RULES[_RANGE_RULE][0].finditer(text):
        if match["join"] == "and" and match["lead"] != "between" and (two := named_months(match, as_of)) \
                and add_months(two[0].start, 1) != two[1].start:
            return two[0], two[1], match.span()
    return None


@_rule(r"(?:from\s+)?q(?P<a>[1-4])\s*(?:-|–|through)\s*q(?P<b>[1-4])" + _yp(""))
@_rule(r"(?<!\bup\s)(?<!\bdown\s)from\s+q(?P<a>[1-4])\s+(?:to|until|till)\s+q(?P<b>[1-4])" + _yp(""))
def _quarter_range(m, as_of):
    """"Q1-Q3 2026", "Q2 through Q4": one span of quarters (a dash or "through" joins). "from Q2 to Q4" is one span
    too, as "from June to August" is: "total revenue from Q2 to Q4 2026" was Q2 against Q4 at 0.99. With a change
    word ("how did revenue change from Q2 to Q3") the comparison rules still split it into two quarters; "Q2 to Q3"
    with no "from", and "up / down from Q2 to Q3", stay comparisons."""
    a, b = int(m["a"]), int(m["b"])
    said = _year_said(m, "", as_of)
    y = said if said is not None else (as_of.year if 3 * (b - 1) + 1 <= as_of.month else as_of.year - 1)
    if b < a:
        return None
    start, end = quarter_period(y, a).start, quarter_period(y, b).end
    return Period(start, end), f"Q{a}-Q{b} {y}"

@_rule(r"(?:in\s+)?q(?P<q3>[1-4])\s*[-/]\s*" + _y("y3") + r"|(?:in\s+)?q(?P<q>[1-4])" + _yp("") + r"|(?:in\s+)?" + _y("y0")
       + r"\s*q(?P<q0>[1-4])")
def _quarter(m, as_of):
    """"Q3", "q3 2025", "Q4 last year", "q1 of the previous year", "Q4-2024" (h30): a year word picks that year's quarter."""
    q = int(m["q"] or m["q0"] or m["q3"])
    said = int(m["y0"]) if m["y0"] else int(m["y3"]) if m["y3"] else _year_said(m, "", as_of)
    y = said if said is not None else (as_of.year if 3 * (q - 1) + 1 <= as_of.month else as_of.year - 1)
    return quarter_period(y, q), f"Q{q} {y}"

@_rule(r"(?:the\s+)?(?P<o>first|1st|second|2nd|third|3rd|fourth|4th|last|final)\s+quarter" + _yp(""))
def _quarter_words(m, as_of):
    """"the third quarter", "the fourth quarter of last year"; "the last quarter of 2025" is its Q4 (with no year,
    "last quarter" is the previous quarter: ``_relative``)."""
    said = _year_said(m, "", as_of)
    if m["o"] in ("last", "final") and said is None:
        return None
    q = ORDINAL_QUARTER.get(m["o"], 4)
    # h21: an ordinal quarter without a year ("the second quarter") is the most recent *complete* quarter of that
    # number (a quarter a few days old holds almost no data; "Q2" written as a code keeps the latest begun)
    y = said if said is not None else (as_of.year if quarter_period(as_of.year, q).end <= as_of else as_of.year - 1)
    if said is None and y < as_of.year and quarter_period(as_of.year, q).start <= as_of:  # h30: "Q2" would be this year's
        return quarter_period(y, q), f"Q{q} {y} ({UNSURE_QUARTER} Q{q} {as_of.year} has only begun)"
    return quarter_period(y, q), f"Q{q} {y}"

_FIRST_HALF = ("first", "1st", "front")
UNSURE_QUARTER = "the latest complete one:"  # h30: marks an ordinal quarter read as last year's while this year's has begun


@_rule(r"(?:in\s+)?h(?P<h>[12])" + _yp("") + r"|(?:the\s+)?(?P<o>first|second|1st|2nd|front|back|latter|later|last|final)"
       r"(?:\s+|-)half(?:\s+of\s+the\s+year)?" + _yp("2"))  # h135: "second-half 2027" as "second half 2027"
def _half(m, as_of):
    """"H1", "h2 2025", "H2 last year", "the first half of last year", "the back half of 2025" ("last half" needs a
    year: "the last half year" is the last six whole months)."""
    h = int(m["h"]) if m["h"] else (1 if m["o"] in _FIRST_HALF else 2)
    said = _year_said(m, "", as_of) if m["h"] else _year_said(m, "2", as_of)
    if m["o"] in ("last", "final") and said is None:
        return None
    y = said if said is not None else (as_of.year if (h == 1 or as_of.month >= 7) else as_of.year - 1)
    start = date(y, 1 if h == 1 else 7, 1)
    return Period(start, month_end(add_months(start, 5))), f"H{h} {y}"

@_rule(r"(?:in\s+|for\s+|during\s+)?(?:(?P<rel>last|previous|prior|this|current)\s+year|(?P<y>(?:19|20)\d\d))(?:'s|s)?\s+"
       r"(?:q(?P<q>[1-4])|h(?P<h>[12])|(?P<o>first|1st|second|2nd|third|3rd|fourth|4th|last|final|front|back)\s+"
       r"(?P<u>quarter|half))")
def _year_first(m, as_of):
    """"last year's Q4", "this year's first half", "2025's third quarter": that year's quarter or half."""
    y = int(m["y"]) if m["y"] else (as_of.year if m["rel"] in ("this", "current") else as_of.year - 1)
    if m["h"] or m["u"] == "half":
        h = int(m["h"]) if m["h"] else (1 if m["o"] in _FIRST_HALF else 2)
        start = date(y, 1 if h == 1 else 7, 1)
        return Period(start, month_end(add_months(start, 5))), f"H{h} {y}"
    q = int(m["q"]) if m["q"] else ORDINAL_QUARTER.get(m["o"], 4 if m["o"] in ("final", "back") else 0)
    return (quarter_period(y, q), f"Q{q} {y}") if q else None

@_rule(r"(?:in\s+|for\s+|during\s+|over\s+)?(?:the\s+)?(?P<fl>first|last|final|closing|opening)\s+" + _NUM.format(n="n")
       + r"\s+months\s+of" + _yp(""))
def _months_of_year(m, as_of):
    """"the last three months of 2025", "the first 6 months of last year": those months of that year."""
    n, y = number(m["n"]), _year_said(m, "", as_of)
    if not n or n > 12 or y is None:
        return None
    first = m["fl"] in ("first", "opening")
    start = date(y, 1, 1) if first else date(y, 13 - n, 1)
    end = month_end(date(y, n, 1)) if first else date(y, 12, 31)
    return Period(start, end), f"{start:%b %Y}-{end:%b %Y}"

@_rule(r"(?:month\s+to\s+date|mtd|(?P<q>quarter\s+to\s+date|qtd))")
def _mtd(m, as_of):
    """"month to date" / "MTD", "quarter to date" / "QTD": the current month or quarter up to the as-of date."""
    start = _unit_start("quarter" if m["q"] else "month", False, as_of)
    return Period(start, as_of), f"{start} to {as_of}"

@_rule(r"(?:the\s+)?q(?P<q>[1-4])\s+(?:to\s+date|so\s+far(?:\s+this\s+year)?)")
def _quarter_to_date(m, as_of):
    """"Q2 to date" (h5): that quarter of this year up to the as-of date (the whole quarter once it has ended; one
    that has not begun is after the as-of date and refused by the parser), never the year to date."""
    start = date(as_of.year, 3 * int(m["q"]) - 2, 1)
    end = min(month_end(add_months(start, 2)), as_of) if start <= as_of else month_end(add_months(start, 2))
    return Period(start, end), f"Q{m['q']} {as_of.year} to {end}"

@_rule(r"(?:in\s+|over\s+|for\s+|during\s+)?(?:the\s+)?(?:last|past|previous|trailing)\s+half[\s-]year")
def _last_half_year(m, as_of):
    """"the last half year", "the past half-year": the last six whole months (as "the last 6 months")."""
    first = as_of.replace(day=1)
    return Period(add_months(first, -6), first - timedelta(days=1)), "last 6 whole months"

@_rule(r"(?:in\s+the\s+|over\s+the\s+|in\s+|for\s+|during\s+|over\s+)?(?:the\s+)?(?:last|past|previous|trailing)\s+" + _NUM.format(n="n")
     + r"\s+(?P<u>days?|weeks?|months?|quarters?|years?)")
def _last_n(m, as_of):
    n = number(m["n"])
    if not n or n > 1000:
        return None
    unit = m["u"].rstrip("s")
    if unit == "day":
        return Period(as_of - timedelta(days=n - 1), as_of), f"last {n} days to {as_of}"
    if unit == "week":
        return Period(as_of - timedelta(days=7 * n - 1), as_of), f"last {n} weeks to {as_of}"
    first = as_of.replace(day=1)
    if unit == "month":
        return Period(add_months(first, -n), first - timedelta(days=1)), f"last {n} whole months"
    if unit == "quarter":
        q_start = date(as_of.year, 3 * ((as_of.month - 1) // 3) + 1, 1)
        return Period(add_months(q_start, -3 * n), q_start - timedelta(days=1)), f"last {n} whole quarters"
    return Period(date(as_of.year - n, 1, 1), date(as_of.year - 1, 12, 31)), f"last {n} whole years"

@_rule(r"(?:in\s+|during\s+|for\s+|over\s+)?(?:the\s+)?(?P<w>last|previous|past|prior|this|current|trailing)\s+"
       r"(?P<u>quarter|month|year|week)")
def _relative(m, as_of):
    this = m["w"] in ("this", "current")
    unit = m["u"]
    if unit == "year" and m["w"] in ("past", "trailing"):
        # h21: "the past year" / "trailing year" are the last 12 whole months (as TTM); "last year" is the calendar year
        first = as_of.replace(day=1)
        return Period(add_months(first, -12), first - timedelta(days=1)), "last 12 whole months"
    if m["w"] == "trailing":
        return None  # "trailing quarter / month": not a defined span here
    if unit == "month":
        first = as_of.replace(day=1)
        if this:
            return Period(first, as_of), f"this month to {as_of}"
        start = add_months(first, -1)
        return Period(start, month_end(start)), f"{start:%B %Y}"
    if unit == "quarter":
        q_start = date(as_of.year, 3 * ((as_of.month - 1) // 3) + 1, 1)
        if this:
            return Period(q_start, as_of), f"this quarter to {as_of}"
        start = add_months(q_start, -3)
        return Period(start, q_start - timedelta(days=1)), f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if unit == "week":
        monday = as_of - timedelta(days=as_of.weekday())
        if this:
            return Period(monday, as_of), f"this week to {as_of}"
        return Period(monday - timedelta(days=7), monday - timedelta(days=1)), "last week"
    if this:
        return Period(date(as_of.year, 1, 1), as_of), f"{as_of.year} to {as_of}"
    return Period(date(as_of.year - 1, 1, 1), date(as_of.year - 1, 12, 31)), f"{as_of.year - 1}"

@_rule(r"(?:in\s+|during\s+|for\s+)?(?:the\s+)?(?P<w>this|current|last|previous|prior)\s+(?P<u>month|quarter)\s+"
       r"(?:of\s+)?(?:(?:last|previous|prior)\s+year|a\s+year\s+(?:ago|earlier|before))")
def _unit_a_year_back(m, as_of):
    """h44: "this month last year", "last quarter a year ago": that month / quarter one year back, whole (it has
    ended), never this month to date with "last year" left over."""
    unit = m["u"]
    if unit == "month":
        start = as_of.replace(day=1) if m["w"] in ("this", "current") else add_months(as_of.replace(day=1), -1)
        step = 1
    else:
        start = date(as_of.year, 3 * ((as_of.month - 1) // 3) + 1, 1)
        start = start if m["w"] in ("this", "current") else add_months(start, -3)
        step = 3
    start = start.replace(year=start.year - 1)
    end = month_end(add_months(start, step - 1))
    return Period(start, end), (f"{start:%B %Y}" if step == 1 else f"Q{(start.month - 1) // 3 + 1} {start.year}")


@_rule(r"(?:(?P<y0>(?:19|20)\d\d)\s+|(?:this|the|calendar)\s+)?(?:year\s+to\s+date|ytd)(?:\s+(?:for\s+|of\s+|in\s+)?"
       + _y("y") + r")?")
def _ytd(m, as_of):
    """"YTD", "year to date", "2026 YTD", "ytd 2026": the year up to the as-of date; the YTD of a year that has
    ended is that whole year."""
    y = int(m["y0"] or m["y"] or as_of.year)
    if y > as_of.year:
        return None
    end = as_of if y == as_of.year else date(y, 12, 31)
    return Period(date(y, 1, 1), end), f"{y} to {end}"

# The start of an open-ended period: a day, a month, "the start of March", "the beginning of the quarter".
_START = (r"(?:the\s+)?(?:(?P<iso>\d{4}-\d\d-\d\d)"
          r"|(?:start|beginning)\s+of\s+(?:the\s+|this\s+|(?P<prev>last|previous|prior)\s+)?(?P<unit>year|quarter|month)"
          r"|(?P<prev2>last|previous|prior)\s+(?P<unit2>year|quarter|month)"
          r"|(?:start|beginning|first)\s+of\s+" + _m("m0") + _yp("0")
          + r"|(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _m("m1") + _yp("1")
          + r"|" + _m("m2") + r"\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?" + _yp("2")
          + r"|(?:(?P<last3>last|previous)\s+)?" + _m("m3") + _yp("3")
          + r"|(?P<dd>\d{1,2})(?:st|nd|rd|th)(?:\s+of\s+the\s+month)?"
          + r"|q(?P<qs>[1-4])(?:\s+(?P<qy>(?:19|20)\d\d))?(?![-\d])"  # h18: "since Q2 2026": from that quarter's first day
          + r"|(?P<ys>(?:19|20)\d\d)(?![-\d]))")
# The end of an open-ended period: the as-of date ("so far this year" is how ``lexicon.FOLD`` writes "so far").
_NOW = (r"(?:(?:up\s+)?(?:to|until|till|through)\s+(?:today|now|date|the\s+present)|so\s+far(?:\s+this\s+year)?"
        r"|as\s+of\s+(?:today|now)|(?:up\s+)?to\s+this\s+day|(?:and|-)\s+(?:today|now))")
_SINCE = r"(?:since|starting(?:\s+(?:from|with|in|on))?|beginning(?:\s+(?:from|with|in|on))?|as\s+from)"


def _unit_start(unit: str, previous: bool, as_of: date) -> date:
    if unit == "year":
        return date(as_of.year - previous, 1, 1)
    if unit == "quarter":
        return add_months(date(as_of.year, 3 * ((as_of.month - 1) // 3) + 1, 1), -3 * previous)
    return add_months(as_of.replace(day=1), -previous)


def _open_start(m: re.Match[str], as_of: date) -> date | None:
    """The first day an open-ended period names (a day or month written without a year is the latest one)."""
    if m["iso"]:
        return _parse_day(m["iso"])
    if m["ys"]:
        return date(int(m["ys"]), 1, 1)  # "since 2025": from its first day
    if m["dd"]:  # "since the 1st": that day of this month (of last month when it is still to come)
        try:
            start = as_of.replace(day=int(m["dd"]))
        except ValueError:
            return None
        return start if start <= as_of else add_months(start, -1)
    if m["qs"]:  # a quarter without a year is the latest one that has begun
        start = date(int(m["qy"]) if m["qy"] else as_of.year, 3 * int(m["qs"]) - 2, 1)
        return start if m["qy"] or start <= as_of else start.replace(year=start.year - 1)
    if m["last3"]:
        return _last_named_month(MONTHS[m["m3"]], as_of)
    if m["unit"] or m["unit2"]:
        return _unit_start(m["unit"] or m["unit2"], bool(m["prev"] or m["prev2"] or m["unit2"]), as_of)
    for tag, day in (("0", "1"), ("1", m["d"]), ("2", m["d2"]), ("3", "1")):
        if m["m" + tag]:
            month, said = MONTHS[m["m" + tag]], _year_said(m, tag, as_of)
            try:
                start = date(said if said is not None else _latest_year(month, as_of), month, int(day))
            except ValueError:
                return None
            if said is None and start > as_of:
                start = start.replace(year=start.year - 1)  # "since Nov 30" asked on 25 Nov: last year's
            return start
    return None


def _last_named_month(month: int, as_of: date) -> date:
    """"last October": the latest October before the as-of month."""
    return date(as_of.year if month < as_of.month else as_of.year - 1, month, 1)


def _open(m, as_of):
    """From the named day up to the as-of date (never that day or month alone: a one-day reading of
    "since <day>" answered a different question at full confidence)."""
    start = _open_start(m, as_of)
    return (Period(start, as_of), f"{start} to {as_of}") if start is not None and start <= as_of else None


@_rule(r"(?:in\s+|for\s+)?" + _m("m") + _yp("") + r",?\s+so\s+far(?:\s+this\s+year)?")
def _month_so_far(m, as_of):
    """h27: "<month> so far" ("so far in January"): the month up to the as-of date while it runs; a month that has
    ended is that whole month ("so far" reaches the as-of date only for the current month, quarter or year)."""
    month = MONTHS[m["m"]]
    said = _year_said(m, "", as_of)
    p = _month_period(month, said if said is not None else _latest_year(month, as_of))
    if p.start > as_of:
        return None
    if p.end < as_of:
        return p, f"{p.start:%B %Y}"
    return Period(p.start, as_of), f"{p.start} to {as_of}"


# "since March", "since the start of March", "starting from 1 Oct so far", "since 2027-01-05"
_rule(_SINCE + r"\s+" + _START + r"(?:,?\s+" + _NOW + r")?")(_open)
# "from 1 Oct up to today", "from the 1st of October to date", "June to date"
_rule(r"(?:from\s+|between\s+)?" + _START + r",?\s+" + _NOW)(_open)
# "to date since June", "so far since July"
_rule(_NOW + r",?\s+since\s+" + _START)(_open)


@_rule(r"(?:up\s+)?(?:to|until|till)\s+(?:date|today|now)")
def _to_date(m, as_of):
    """"to date" / "up to today" with no start named: this year to date (as "so far" and "YTD")."""
    return Period(date(as_of.year, 1, 1), as_of), f"{as_of.year} to {as_of}"


def _written_day(tag: str, year: str) -> str:
    """A day written out: "1 Oct 2024", "the 1st of October 2024", "Jan 1st, 2025", "December 1, 2024" (groups
    ``d<tag>`` / ``m<tag>`` / ``y<tag>`` and ``e<tag>`` / ``n<tag>`` / ``z<tag>``); the year is optional when ``year`` is "?"."""
    return (r"(?:(?:the\s+)?(?P<d" + tag + r">\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _m("m" + tag)
            + r"(?:,?\s+" + _y("y" + tag) + r")" + year
            + r"|" + _m("n" + tag) + r"\s+(?:the\s+)?(?P<e" + tag + r">\d{1,2})(?:st|nd|rd|th)?(?:,?\s+" + _y("z" + tag) + r")"
            + year + r")")


def _day_of(m: re.Match[str], tag: str, year: int | None) -> date | None:
    d, mo, y = (m["d" + tag], m["m" + tag], m["y" + tag]) if m["d" + tag] else (m["e" + tag], m["n" + tag], m["z" + tag])
    y = int(y) if y else year
    if y is None:
        return None
    try:
        return date(y, MONTHS[mo], int(d))
    except ValueError:
        return None


@_rule(r"(?:(?:in\s+)?the\s+period\s+)?(?:from|between)?\s*" + _written_day("1", "?") + r"\s*(?:to|until|till|through|thru|and|-|–)\s*"
       + _written_day("2", ""))
def _day_range(m, as_of):
    """h30: "from 1 Oct 2024 to 31 Dec 2024", "Jan 1 2025 to Feb 28 2025": ONE period from the first day to the
    second, never two one-day periods to compare (the ISO form already read so)."""
    end = _day_of(m, "2", None)
    if end is None:
        return None
    start = _day_of(m, "1", end.year)
    if start is not None and start > end and not (m["y1"] or m["z1"]):
        start = _day_of(m, "1", end.year - 1)  # "from 15 Dec to 15 Jan 2025": the December before
    if start is None or start > end:
        return None
    return Period(start, end), f"{start}..{end}"


_DAY = r"(?:the\s+)?(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY_JOIN = r"\s*(?:-|–|to|until|till|through|thru|and)\s*"


@_rule(r"(?:(?:on\s+|from\s+|between\s+|for\s+|in\s+|during\s+)?" + _DAY.format(n="a") + _DAY_JOIN + _DAY.format(n="b")
       + r"\s+(?:of\s+)?" + _m("m") + _yp("")
       + r"|(?:from\s+|between\s+|for\s+|in\s+|during\s+)?" + _m("n") + r"\s+" + _DAY.format(n="c") + _DAY_JOIN
       + r"(?:(?P<n2>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+)?" + _DAY.format(n="d") + _yp("2") + r")"
       + r"(?!\s*(?:k\b|%|percent|hours?\b|h\b|seats?\b|dollars?\b|thousand|grand|clients?\b|technicians?\b))")
def _days_of_a_month(m, as_of):
    """h44: days of one month written without a year: "1-15 Jan", "Jan 1-15", "jan 10 to 20", "Jan 10 to Jan 20",
    "the 1st to the 15th of Jan": those days of the latest such month that has ended by the as-of date (a number range
    beside a month name is a date range, never a value threshold nor the whole month)."""
    name, tag = (m["m"], "") if m["m"] else (m["n"], "2")
    if m["n2"] and MONTHS[m["n2"]] != MONTHS[m["n"]]:
        return None  # "Jan 10 to Feb 20" is two months' days (``_day_range`` reads those with a year)
    month, said = MONTHS[name], _year_said(m, tag, as_of)
    first, last = (int(m["a"]), int(m["b"])) if m["m"] else (int(m["c"]), int(m["d"]))
    year = said if said is not None else _latest_year(month, as_of)
    try:
        start, end = date(year, month, first), date(year, month, last)
        if said is None and end > as_of:  # "Mar 1-15" asked on 3 March: last year's, the latest that has ended
            start, end = date(year - 1, month, first), date(year - 1, month, last)
    except ValueError:
        return None
    if end <= start:
        return None
    return Period(start, end), f"{start}..{end}"


@_rule(r"(?:(?P<on>on)\s+|(?:in|during|for)\s+)?(?P<the>the\s+)?(?P<d>\d{1,2})(?P<sx>st|nd|rd|th)?\s+(?P<of>of\s+)?" + _m("m")
       + r"(?:,?\s+" + _y("y") + r")?"
       + r"|(?:(?P<on2>on)\s+)?" + _m("m2") + r"\s+(?P<the2>the\s+)?(?P<d2>\d{1,2})(?P<sx2>st|nd|rd|th)?(?:,?\s+" + _y("y2") + r")?"
       + r"(?!\s*(?:k\b|%|percent|hours?\b|h\b|seats?\b|dollars?\b|thousand|grand|clients?\b|technicians?\b|techs?\b))")
def _day_words(m, as_of):
    """One day written out: "3 March 2025", "March 3, 2025", "the 15th of March 2027"; h59: without a year only when
    it is plainly a day ("on March 15", "the 15th of March", "March 15th": the latest such day up to the as-of date),
    so "in March 15 techs ..." stays the month."""
    first = bool(m["d"])
    if first and re.search(r"\b(?:top|bottom|best|worst|biggest|largest|highest|lowest|first)\s*$", m.string[:m.start("d")]):
        return None  # h116: "best 5, june 2026": the 5 is the limit, never the 5th of June
    d, month, y = (m["d"], m["m"], m["y"]) if first else (m["d2"], m["m2"], m["y2"])
    if not y and not (m["on"] or m["the"] or m["sx"] or m["of"] if first else m["on2"] or m["the2"] or m["sx2"]):
        return None
    try:
        day = date(int(y), MONTHS[month], int(d)) if y else date(as_of.year, MONTHS[month], int(d))
        if not y and day > as_of:
            day = date(as_of.year - 1, MONTHS[month], int(d))
    except ValueError:
        return None
    return Period(day, day), str(day)

@_rule(r"(?:in\s+|during\s+|for\s+)?(?:(?P<last>last|previous|this\s+past)\s+|(?P<this>this(?:\s+year)?)\s+)?"
       + _m("m") + _yp(""))
def _month(m, as_of):
    """"March", "march 2025", "October last year", "june of this year", "last October" (the latest before this
    month), "this March" / "this year's March" (h21: that month of the as-of year)."""
    month = MONTHS[m["m"]]
    said = _year_said(m, "", as_of)
    if m["this"] and said is None:
        said = as_of.year
    if m["last"] and said is None:
        said = _last_named_month(month, as_of).year
    y = said if said is not None else _latest_year(month, as_of)
    p = _month_period(month, y)
    return p, f"{p.start:%B %Y}"

@_rule(r"(?:from\s+|between\s+)?" + _y("y1") + r"\s*(?:-|–|to|through|until|and)\s*" + _y("y2"))
def _year_range(m, as_of):
    """"2025-2026", "from 2025 to 2026": both whole years (a change word makes them two periods, see comparison)."""
    y1, y2 = int(m["y1"]), int(m["y2"])
    if not (as_of.year - 30 <= y1 < y2 <= as_of.year + 5):
        return None
    return Period(date(y1, 1, 1), date(y2, 12, 31)), f"{y1}-{y2}"

@_rule(r"(?:in\s+|during\s+|for\s+)?(?:the\s+year\s+|fy\s*)?" + _y("y"))
def _year(m, as_of):
    y = int(m["y"])
    if _AMOUNT_BEFORE.search(m.string[:m.start("y")]):
        return None  # "over 2000": an amount
    if not as_of.year - 30 <= y <= as_of.year + 5 or re.match(r"\s*(?:hours?|h\b|%|seats\b|licen[cs]es\b|dollars?|usd)", m.string[m.end():]):
        return None  # "over 2000 hours" is a threshold, not a year ("2026 licence waste", singular: the year, h58)
    return Period(date(y, 1, 1), date(y, 12, 31)), str(y)


def _rules() -> list[tuple[re.Pattern[str], object]]:
    from moat.ai import period_ended  # h58: "the year ended 31 December 2026", "01/10/2026 to 31/12/2026"
    from moat.ai.period_in_progress import RULES as IN_PROGRESS  # h104: "Q2 2027 so far": that quarter to date
    from moat.ai.period_lengths import RULES as LENGTHS  # h91: "the first six months of 2026", "6 months to end of July"
    from moat.ai.period_notations import RULES as NOTATIONS  # h80: "09/2026", "the last calendar year"
    from moat.ai.period_spans import RULES as SPANS  # h66: "3/1 to 5/31", "from the start of March to the end of May"

    _SPECS.extend([(period_ended.ENDED, period_ended.ended), (period_ended.NUMERIC_RANGE, period_ended.numeric_range),
                   (period_ended.CALENDAR_YEAR, period_ended.calendar_year), (period_ended.MONTH_OF, period_ended.month_of),
                   *SPANS, *NOTATIONS, *LENGTHS])
    _SPECS[:0] = IN_PROGRESS  # first: "Q4 2026 so far" is that quarter, never "from Q4 2026 to now" (same span)
    return [(re.compile(r"(?<![\w$.,-])(?:" + p + r")(?![\w])", re.IGNORECASE), fn) for p, fn in _SPECS]


_RULES = _rules()
_RANGE_RULE = next(i for i, (_p, fn) in enumerate(_RULES) if fn is _month_range)
# "may" is also a verb; only read it as the month when a year or a preposition makes that clear.
_MAY_AMBIGUOUS = re.compile(r"^(?:may)$", re.IGNORECASE)


_PHRASAL_IN = re.compile(r"\b(?:bring|brings|brought|bringing|came|come|comes|coming|took|take|takes|pull|pulled|rake|"
                         r"raked|rope|roped)\s+$")


# h39: "may" set apart by punctuation at either end of a clause ("top clients by margin, May", "May: revenue",
# "revenue (may)", "losers - May") is a period said on its own, never the verb, which has words on both sides.
# h94: "may" as the question's last word ("noah hours may") is the month too: the verb never ends a question.
MAY_SET_OFF = re.compile(r"(?:^|[,;:(/|\u2013\u2014]|\s-+)\s*may\s*(?:$|[,;:)/|?.!\u2013\u2014]|-+\s)|\bmay\s*[?.!]*\s*$",
                         re.IGNORECASE)
# h116: "May hours, thanks", "may's labour cost": "may" opening a clause right before a measure's noun is the month
# (the verb opens a question before a pronoun: "may I see ..."); read so in any text ``find_period`` is given.
_MAY_OPENS_MEASURE = re.compile(r"(?:^|[,;:(])\s*may(?:'s)?\s+(?=(?:revenue|sales|billings?|invoic\w*|gross|profits?|"
                                r"margins?|hours|costs?|labou?r|licen[cs]\w*|seats?|utili[sz]ation|waste|spend|income|"
                                r"numbers|figures|ehr)\b)", re.IGNORECASE)


def find_period(text: str, as_of: date, may_set_off: bool = False) -> PeriodMatch | None:
    """The first period expression in ``text`` (lower-cased question), or None when it names no period.
    ``may_set_off``: the question as typed sets "May" apart by punctuation (``MAY_SET_OFF``), so it is the month."""
    best: PeriodMatch | None = None
    may_set_off = may_set_off or _MAY_OPENS_MEASURE.search(text) is not None
    for pattern, build in _RULES:
        for match in pattern.finditer(text):
            if _MAY_AMBIGUOUS.match(match.group(0).strip()) and not may_set_off:
                continue
            if match.group(0).strip() in ("a", "an"):
                continue
            built = build(match, as_of)  # type: ignore[operator]
            if built is None:
                continue
            period, label = built
            span = match.span()
            lead = re.match(r"in\s+", match.group(0))
            if lead and _PHRASAL_IN.search(text[:span[0]]):  # "what did they bring in last quarter": "in" is the verb's
                span = (span[0] + lead.end(), span[1])
            candidate = PeriodMatch(period, label, span)
            if best is None or (candidate.span[1] - candidate.span[0]) > (best.span[1] - best.span[0]):
                best = candidate
            break
    return best


def describe(period: Period) -> str:
    """A period as people name it: "2026", "Q1 2026", "March 2026", "2026 to 2026-01-20", else "start..end"."""
    s, e = period.start, period.end
    if s.day == 1 and s.month == 1 and s.year == e.year:
        return str(s.year) if (e.month, e.day) == (12, 31) else f"{s.year} to {e}"
    if s.day == 1 and e == month_end(e) and s.year == e.year:
        if s.month == e.month:
            return f"{s:%B %Y}"
        if (s.month - 1) % 3 == 0 and e.month == s.month + 2:
            return f"Q{(s.month - 1) // 3 + 1} {s.year}"
    return f"{s}..{e}"


def no_data_message(period: Period, bounds: tuple[date, date] | None) -> str:
    """Why a period wholly outside the data gets no answer, with the data's range and a period to ask about instead
    (a row of 0.00 or None for a period without data would be a confident wrong answer)."""
    if bounds is None:
        return "There is no data yet: load your exports first (Upload page or `moat ingest`), then ask again."
    first, last = bounds
    year = last.year if period.start > last else first.year
    return (f"There is no data for {describe(period)}; the data runs from {first:%b %Y} to {last:%b %Y}: "
            f"ask about {year} or another period in that range.")
