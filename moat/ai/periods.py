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
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
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
_YEAR = r"(?P<{n}>(?:19|20)\d\d)"
_NUM = r"(?P<{n}>\d+|" + "|".join(sorted((re.escape(k) for k in NUMBER_WORDS), key=len, reverse=True)) + r")"


_REL_YEAR = r"(?P<{n}>last|previous|prior|this|current)\s+year"


def _year_of(m: re.Match[str], as_of: date, *names: str) -> int | None:
    """The year a period names: written out ("2026") or relative ("last year", "this year"); None when not named."""
    for name in names:
        value = m.groupdict().get(name)
        if value is None:
            continue
        if value.isdigit():
            return int(value)
        return as_of.year - 1 if value in ("last", "previous", "prior") else as_of.year
    return None


def _ysuffix(year: str, rel: str) -> str:
    """After a quarter, half or month: "2026", "of 2026", "last year", "of last year"."""
    return r"(?:\s*(?:of\s+)?(?:" + _y(year) + "|" + _REL_YEAR.format(n=rel) + "))?"


def _m(name: str) -> str:
    return _MONTH.format(n=name)


def _y(name: str) -> str:
    return _YEAR.format(n=name)


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


def _rule(pattern: str):  # noqa: ANN201 - decorator factory
    """Register a period rule: (regex, builder(match, as_of) -> (Period, label) | None)."""
    def deco(fn):  # noqa: ANN001, ANN202
        _SPECS.append((pattern, fn))
        return fn
    return deco


@_rule(r"(?:from|between)?\s*(?P<a>\d{4}-\d\d-\d\d)\s*(?:to|until|till|through|and|-|–|\.\.)\s*(?P<b>\d{4}-\d\d-\d\d)")
def _iso_range(m, as_of):  # noqa: ANN001, ANN202
    a, b = _parse_day(m["a"]), _parse_day(m["b"])
    return None if a is None or b is None or b < a else (Period(a, b), f"{a}..{b}")

@_rule(r"(?:on\s+)?(?P<a>\d{4}-\d\d-\d\d)")
def _iso_day(m, as_of):  # noqa: ANN001, ANN202
    a = _parse_day(m["a"])
    return None if a is None else (Period(a, a), str(a))

@_rule(r"(?:in\s+)?(?P<y>(?:19|20)\d\d)-(?P<mo>0[1-9]|1[0-2])(?!-\d)")
def _iso_month(m, as_of):  # noqa: ANN001, ANN202
    p = _month_period(int(m["mo"]), int(m["y"]))
    return p, f"{p.start:%B %Y}"

@_rule(r"(?:from|between)?\s*" + _m("m1") + r"(?:\s+" + _y("y1") + r")?\s*(?:to|until|till|through|and|-|–)\s*"
     + _m("m2") + r"(?:\s+" + _y("y2") + r")?")
def _month_range(m, as_of):  # noqa: ANN001, ANN202
    m1, m2 = MONTHS[m["m1"]], MONTHS[m["m2"]]
    if m["y2"]:
        y2 = int(m["y2"])
    else:
        y2 = _latest_year(m2, as_of)
    y1 = int(m["y1"]) if m["y1"] else (y2 if m1 <= m2 else y2 - 1)
    start, end = date(y1, m1, 1), month_end(date(y2, m2, 1))
    if end < start:
        return None
    return Period(start, end), f"{start:%b %Y}-{end:%b %Y}"

@_rule(r"(?:from\s+)?q(?P<a>[1-4])\s*(?:-|–|through)\s*q(?P<b>[1-4])" + _ysuffix("y", "ry"))
def _quarter_range(m, as_of):  # noqa: ANN001, ANN202
    """"Q1-Q3 2026", "Q2 through Q4": one span of quarters (a dash or "through" joins; "to" may compare two)."""
    a, b = int(m["a"]), int(m["b"])
    year = _year_of(m, as_of, "y", "ry")
    y = year if year else (as_of.year if 3 * (b - 1) + 1 <= as_of.month else as_of.year - 1)
    if b < a:
        return None
    start, end = quarter_period(y, a).start, quarter_period(y, b).end
    return Period(start, end), f"Q{a}-Q{b} {y}"

@_rule(r"(?:in\s+)?q(?P<q>[1-4])" + _ysuffix("y", "ry") + r"|(?:in\s+)?" + _y("y0") + r"\s*q(?P<q0>[1-4])")
def _quarter(m, as_of):  # noqa: ANN001, ANN202
    q = int(m["q"] or m["q0"])
    year = _year_of(m, as_of, "y", "y0", "ry")
    if year:
        y = year
    else:
        y = as_of.year if 3 * (q - 1) + 1 <= as_of.month else as_of.year - 1
    return quarter_period(y, q), f"Q{q} {y}"

@_rule(r"(?:the\s+)?(?P<o>first|1st|second|2nd|third|3rd|fourth|4th)\s+quarter" + _ysuffix("y", "ry"))
def _quarter_words(m, as_of):  # noqa: ANN001, ANN202
    q = ORDINAL_QUARTER[m["o"]]
    named = _year_of(m, as_of, "y", "ry")
    y = named if named else (as_of.year if 3 * (q - 1) + 1 <= as_of.month else as_of.year - 1)
    return quarter_period(y, q), f"Q{q} {y}"

@_rule(r"(?:in\s+)?h(?P<h>[12])" + _ysuffix("y", "ry") + r"|(?:the\s+)?(?P<o>first|second|1st|2nd)\s+half"
     + _ysuffix("y2", "ry2"))
def _half(m, as_of):  # noqa: ANN001, ANN202
    h = int(m["h"]) if m["h"] else (1 if m["o"] in ("first", "1st") else 2)
    year = _year_of(m, as_of, "y", "y2", "ry", "ry2")
    y = year if year else (as_of.year if (h == 1 or as_of.month >= 7) else as_of.year - 1)
    start = date(y, 1 if h == 1 else 7, 1)
    return Period(start, month_end(add_months(start, 5))), f"H{h} {y}"

@_rule(r"(?:in\s+the\s+|over\s+the\s+|in\s+|for\s+|during\s+)?(?:the\s+)?(?:last|past|previous|trailing)\s+" + _NUM.format(n="n")
     + r"\s+(?P<u>days?|weeks?|months?|quarters?|years?)")
def _last_n(m, as_of):  # noqa: ANN001, ANN202
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

@_rule(r"(?:in\s+|during\s+|for\s+|over\s+)?(?:the\s+)?(?P<w>last|previous|past|prior|this|current)\s+(?P<u>quarter|month|year|week)")
def _relative(m, as_of):  # noqa: ANN001, ANN202
    this = m["w"] in ("this", "current")
    unit = m["u"]
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

@_rule(r"(?:year\s+to\s+date|ytd)")
def _ytd(m, as_of):  # noqa: ANN001, ANN202
    return Period(date(as_of.year, 1, 1), as_of), f"{as_of.year} to {as_of}"

@_rule(r"(?:since|starting(?:\s+from)?)\s+(?:the\s+)?(?:(?P<iso>\d{4}-\d\d-\d\d)"
       r"|(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _m("m") + r"(?:,?\s+" + _y("y") + r")?"
       r"|" + _m("m2") + r"\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+" + _y("y2") + r")?)")
def _since_day(m, as_of):  # noqa: ANN001, ANN202
    """"since 1 March 2027", "since jan 5th", "since 2027-01-01": from that day up to the as-of date (never that
    day alone: a one-day reading of "since <day>" answered a different question at full confidence)."""
    try:
        if m["iso"]:
            start = date.fromisoformat(m["iso"])
        else:
            month, day, year = (MONTHS[m["m"]], int(m["d"]), m["y"]) if m["d"] else (MONTHS[m["m2"]], int(m["d2"]), m["y2"])
            start = date(int(year) if year else _latest_year(month, as_of), month, day)
    except ValueError:
        return None
    return (Period(start, as_of), f"{start} to {as_of}") if start <= as_of else None

@_rule(r"since\s+" + _m("m") + r"(?:\s+" + _y("y") + r")?")
def _since(m, as_of):  # noqa: ANN001, ANN202
    month = MONTHS[m["m"]]
    y = int(m["y"]) if m["y"] else _latest_year(month, as_of)
    start = date(y, month, 1)
    return (Period(start, as_of), f"{start:%b %Y} to {as_of}") if start <= as_of else None

@_rule(r"(?:in\s+|during\s+|for\s+)?(?P<d>\d{1,2})\s+" + _m("m") + r"\s+" + _y("y")
     + r"|(?:on\s+)?" + _m("m2") + r"\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+" + _y("y2"))
def _day_words(m, as_of):  # noqa: ANN001, ANN202
    try:
        if m["d"]:
            day = date(int(m["y"]), MONTHS[m["m"]], int(m["d"]))
        else:
            day = date(int(m["y2"]), MONTHS[m["m2"]], int(m["d2"]))
    except ValueError:
        return None
    return Period(day, day), str(day)

@_rule(r"(?:in\s+|during\s+|for\s+)?" + _m("m") + _ysuffix("y", "ry"))
def _month(m, as_of):  # noqa: ANN001, ANN202
    month = MONTHS[m["m"]]
    y = _year_of(m, as_of, "y", "ry") or _latest_year(month, as_of)
    p = _month_period(month, y)
    return p, f"{p.start:%B %Y}"

@_rule(r"(?:from\s+|between\s+)?" + _y("y1") + r"\s*(?:-|–|to|through|until|and)\s*" + _y("y2"))
def _year_range(m, as_of):  # noqa: ANN001, ANN202
    """"2025-2026", "from 2025 to 2026": both whole years (a change word makes them two periods, see comparison)."""
    y1, y2 = int(m["y1"]), int(m["y2"])
    if not (as_of.year - 30 <= y1 < y2 <= as_of.year + 5):
        return None
    return Period(date(y1, 1, 1), date(y2, 12, 31)), f"{y1}-{y2}"

@_rule(r"(?:in\s+|during\s+|for\s+)?(?:the\s+year\s+|fy\s*)?" + _y("y"))
def _year(m, as_of):  # noqa: ANN001, ANN202
    y = int(m["y"])
    if not as_of.year - 30 <= y <= as_of.year + 5 or re.match(r"\s*(?:hours?|h\b|%|seats?|licen[cs]es?|dollars?|usd)", m.string[m.end():]):
        return None  # "over 2000 hours" is a threshold, not a year
    return Period(date(y, 1, 1), date(y, 12, 31)), str(y)


def _rules() -> list[tuple[re.Pattern[str], object]]:
    return [(re.compile(r"(?<![\w$.,-])(?:" + p + r")(?![\w])", re.IGNORECASE), fn) for p, fn in _SPECS]


_RULES = _rules()
# "may" is also a verb; only read it as the month when a year or a preposition makes that clear.
_MAY_AMBIGUOUS = re.compile(r"^(?:may)$", re.IGNORECASE)


_PHRASAL_IN = re.compile(r"\b(?:bring|brings|brought|bringing|came|come|comes|coming|took|take|takes|pull|pulled|rake|"
                         r"raked|rope|roped)\s+$")


def find_period(text: str, as_of: date) -> PeriodMatch | None:
    """The first period expression in ``text`` (lower-cased question), or None when it names no period."""
    best: PeriodMatch | None = None
    for pattern, build in _RULES:
        for match in pattern.finditer(text):
            if _MAY_AMBIGUOUS.match(match.group(0).strip()):
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
