"""Two periods in one question: "A vs B", "from A to B", "compared with last year", "change last quarter".

The earlier period is "before", the later "after" (the answer gives both values and the change after - before).
"From June to August" without a change word stays one period; with one ("how did hours change from June to
August") it is two months. A period named without a year on the left of a later one with a year takes the year
before it when needed ("Q4 to Q1 2027" is Q4 2026).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from moat.ai import lexicon as lx
from moat.ai.growth_ranked import growth_ranked
from moat.ai.periods import PeriodMatch, find_period
from moat.ai.reading import Reading
from moat.metrics.periods import Period, add_months, month_end


def two_periods(r: Reading, default: Period | None, split_only: bool = False) -> bool:
    """"A vs B", "from A to B", "A compared with last year", "how did X change last quarter" (-> the one before)."""
    if split_only:
        return _split_periods(r)
    last_year = lx.LAST_YEAR.search(r.text)
    named = last_year and find_period(last_year.group(0), r.as_of)
    if named and not _whole_year(named.period) and _split_periods(r, cue=True):
        return True  # "Q2 vs Q3 of last year": two quarters of last year, not Q2 against the Q2 before
    if last_year:
        rest = r.text[:last_year.start()] + " " * (last_year.end() - last_year.start()) + r.text[last_year.end():]
        pm = find_period(rest, r.as_of)
        after = pm.period if pm else (default or Period(date(r.as_of.year, 1, 1), r.as_of))
        r.use(last_year.span(), blank=True)
        if pm:
            r.use(pm.span, blank=True)
        before = Period(shift_years(after.start, -1), shift_years(after.end, -1))
        return _set_two(r, before, after)
    return _split_periods(r, cue=True) or _previous_period(r)


def _split_periods(r: Reading, cue: bool = False) -> bool:
    """Two periods around a separator; without a change word, "from June to August" stays one period."""
    whole = None if cue else find_period(r.text, r.as_of)
    if whole is not None and _MOVED_FROM.search(r.text[:whole.span[0]]):
        whole = None  # "revenue down from June to August": a direction, two months (a level list at 0.84 before)
    for sep in lx.COMPARE_SPLIT.finditer(r.text):
        left = find_period(r.text[:sep.start()], r.as_of)
        right = _month_word_after(left, r.text[sep.end():], r.as_of) or find_period(r.text[sep.end():], r.as_of) \
            or _ordinal_after(left, r.text[:sep.start()], r.text[sep.end():], r.as_of)
        left = left or _month_word_before(right, r.text[:sep.start()], r.as_of)
        if left is None or right is None or whole and whole.span[0] <= sep.start() < whole.span[1]:
            continue  # "from June to August" is one period
        right = PeriodMatch(right.period, right.label, (right.span[0] + sep.end(), right.span[1] + sep.end()))
        a, b = left.period, right.period
        said, said_right = r.text[left.span[0]:left.span[1]], r.text[right.span[0]:right.span[1]]
        if a == b and a.start.month == a.end.month and (this_last := _THIS_LAST.search(said + " | " + said_right)):
            # h21: "this March vs last March": "last" is the same month one year earlier (alone it is the latest March)
            shifted = Period(shift_years(a.start, -1), shift_years(a.end, -1))
            left, right = (PeriodMatch(shifted, left.label, left.span), right) if this_last["first"] == "last" \
                else (left, PeriodMatch(shifted, right.label, right.span))
            a, b = left.period, right.period
        if a == b or _BEFORE_THE_LEFT.match(said_right):
            continue  # "last month vs the previous month": the one before the left period (``_previous_period``)
        a, b = _share_year(left, said, right, said_right, sequence=bool(_SEQUENCE.fullmatch(sep.group(0).strip())))
        for span in (left.span, sep.span(), right.span):
            r.use(span, blank=True)
        lead = re.search(r"\b(?:from|between)\s*$", r.text[:left.span[0]])
        if lead:
            r.use(lead.span())
        before, after = (a, b) if a.start <= b.start else (b, a)
        return _set_two(r, before, after)
    return False


_SEQUENCE = re.compile(r"to|till|until|through")
_MOVED_FROM = re.compile(r"\b(?:up|down)\s+(?:from\s*)?$")  # a direction word right before "from A to B"
_THIS_LAST = re.compile(r"^\s*(?:in\s+|for\s+)?(?P<first>this|last)\b.*\|\s*(?:in\s+|for\s+)?(?!(?P=first)\b)(?:this|last)\b")
_MAY = re.compile(r"[\s-]*(may)\b")  # h116: "march-to-may": the hyphen joins the months
# h95: "how did May revenue compare to June", "was may's GP higher than june's": "may" before the measure's words on the
# left of a month is that month (never a modal: "may" before a verb or a pronoun is left alone)
_MAY_BEFORE_MEASURE = re.compile(r"\bmay(?:'s|s)?\b(?!\s+(?:be|have|not|i|we|you|they|it|he|she|need|want|also)\b)"
                                 r"(?=(?:\s+[a-z']+){1,4}\s*$)")


def _month_word_after(left: PeriodMatch | None, rest: str, as_of: date) -> PeriodMatch | None:
    """A month written right after another month's separator is a month even when the word is also a verb: in
    "change from April to May" the second unit is of the same kind as the first (alone, "may" is never a month); h116:
    read before the rest, so "feb-to-may 2026" is May 2026, never the year 2026 after an unread "may"."""
    may = _MAY.match(rest)
    if left is None or may is None or left.period.start.month != left.period.end.month \
            or left.period.start.year != left.period.end.year:
        return None
    pm = find_period("in " + rest[may.start(1):], as_of)
    if pm is None:
        return None
    return PeriodMatch(pm.period, pm.label, (may.start(1), may.start(1) + pm.span[1] - 3))


_ORDINAL = re.compile(r"\s*(?:in\s+|for\s+|during\s+)?(?:the\s+)?(?P<o>first|1st|second|2nd|third|3rd|fourth|4th)\b(?!\s+(?:half|month|week|year|day))")


def _ordinal_after(left: PeriodMatch | None, head: str, rest: str, as_of: date) -> PeriodMatch | None:
    """h21: "the second quarter vs the third": an ordinal alone after a separator is of the unit the left period named
    ("quarter"), read as "the third quarter" (with the left side's year words, if any)."""
    said = head[left.span[0]:left.span[1]] if left is not None else ""
    ordinal = _ORDINAL.match(rest)
    if left is None or ordinal is None or not re.search(r"\bquarter\b", said):
        return None
    year = re.search(r"(?:\s+of)?\s+(?:(?:19|20)\d\d|(?:the\s+)?(?:last|previous|prior|this)\s+year)\s*$", said)
    pm = find_period(f"the {ordinal['o']} quarter" + (year.group(0) if year else ""), as_of)
    return None if pm is None else PeriodMatch(pm.period, pm.label, ordinal.span("o"))


def _month_word_before(right: PeriodMatch | None, head: str, as_of: date) -> PeriodMatch | None:
    """"from May to June", "May vs June": the word before the separator, read as the month the other side is."""
    may = re.search(r"\bmay\s*$", head) or _MAY_BEFORE_MEASURE.search(head)
    if right is None or may is None or right.period.start.month != right.period.end.month:
        return None
    pm = find_period("in may", as_of)
    return None if pm is None else PeriodMatch(pm.period, pm.label, (may.start(), may.start() + 3))
# A period written with its own year ("Q3 2025", "October last year"); "this/last month", "YTD" are relative.
_YEAR_WRITTEN = re.compile(r"\b(?:19|20)\d\d\b|\b(?:last|previous|prior|past|this|current)\s+year\b")
_RELATIVE = re.compile(r"\b(?:this|last|previous|past|prior|current|ytd|to date|since|so far|trailing)\b|\d{4}-\d\d")


def year_words(said: str) -> tuple[bool, bool]:
    """How the words of one period fix its year: (a year is written: "2025", "last year"; the period is relative to
    the as-of date: "last quarter", "YTD", "since March"). "Q3 last year" is both; "Q3" neither, so it may take the
    year written beside the other period. The one place that reads a period's year from its words."""
    return _YEAR_WRITTEN.search(said) is not None, _RELATIVE.search(said) is not None


def _share_year(left: PeriodMatch, left_said: str, right: PeriodMatch, right_said: str,
                sequence: bool) -> tuple[Period, Period]:
    """Two periods with the year written once apply it to both: "from Q3 to Q4 2025", "September vs October last
    year", "Q3 2024 vs Q4". Around "to" (a sequence) the first comes before the second ("Q4 to Q1 2027": Q4 2026);
    around "vs" / "than" both lie in the year written ("in Q4 than in Q3 2025") unless the first then directly
    precedes the second across the new year ("Q4 vs Q1 2026": Q4 2025, "Dec vs Jan 2026": Dec 2025)."""
    a, b = left.period, right.period
    one_year = {p.start.year == p.end.year for p in (a, b)} == {True}
    (left_year, left_relative), (right_year, right_relative) = year_words(left_said), year_words(right_said)
    if not one_year or left_year == right_year:
        return a, b
    a0, b0 = a, b
    if right_year and not left_relative:
        a = _in_year(a, b.start.year)
        earlier = _in_year(a, b.start.year - 1)
        if a.start > b.start and (sequence or earlier.end + timedelta(days=1) == b.start):
            a = earlier  # "Q4 to Q1 2027", "Q4 vs Q1 2027": Q4 2026 (but "Q4 than Q3 2025": both 2025)
    elif left_year and not right_relative:
        b = _in_year(b, a.start.year)
        later = _in_year(b, a.start.year + 1)
        if b.start < a.start and (sequence or a.end + timedelta(days=1) == later.start):
            b = later  # "from Nov 2025 to Feb": Feb 2026
    return (a0, b0) if a == b else (a, b)  # "Q3 vs Q3 last year": this year's Q3 against last year's


def _whole_year(p: Period) -> bool:
    return (p.start.month, p.start.day, p.end.month, p.end.day) == (1, 1, 12, 31) and p.start.year == p.end.year


def _in_year(p: Period, year: int) -> Period:
    return Period(shift_years(p.start, year - p.start.year), shift_years(p.end, year - p.start.year))


_BEFORE_THE_LEFT = re.compile(r"^\s*(?:the\s+)?(?:previous|prior|preceding)\s+(?:month|quarter|year|week|period)\b")
_UNIT_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def over_previous(r: Reading, months: int, default: Period | None) -> bool:
    """Month over month (``months`` 1) and quarter over quarter (3): two periods of that length, both values and the
    change. No period named: the last whole one before the as-of date against the one before it; one named: it
    against the one before; two units named ("September to October"): the first against the second. A longer
    period is left to the caller (month over month lists every month with its change)."""
    pm = find_period(r.text, r.as_of)
    if pm is None:
        first = date(r.as_of.year, r.as_of.month, 1)
        if months == 3:
            first = date(r.as_of.year, 3 * ((r.as_of.month - 1) // 3) + 1, 1)
        after = Period(add_months(first, -months), month_end(add_months(first, -1)))
        r.reasons.append(f"no period named: the last whole {'month' if months == 1 else 'quarter'} against the one before")
    else:
        after = pm.period
        if after.start.day != 1 or after.end != month_end(after.end):
            return False
        length = (after.end.year - after.start.year) * 12 + after.end.month - after.start.month + 1
        if length == 2 * months:  # "September to October": September against October
            r.use(pm.span, blank=True)
            middle = add_months(after.start, months)
            return _set_two(r, Period(after.start, month_end(add_months(middle, -1))), Period(middle, after.end))
        if length != months:
            return False
        r.use(pm.span, blank=True)
    before = Period(add_months(after.start, -months), month_end(add_months(after.start, -1)))
    return _set_two(r, before, after)


def _previous_period(r: Reading) -> bool:
    previous = lx.PREVIOUS.search(r.text)
    if previous:
        r.use(previous.span(), blank=True)
    pm = find_period(r.text, r.as_of)
    if pm is None and previous:  # "hours vs the prior month": the last whole month against the one before
        unit = re.search(r"month|quarter|year", previous.group(0))
        if unit and unit.group(0) in ("month", "quarter"):
            return over_previous(r, _UNIT_MONTHS[unit.group(0)], None)
    if pm is not None and (previous or r.has(lx.SINGLE_CHANGE)):
        after = pm.period
        months = (after.end.year - after.start.year) * 12 + after.end.month - after.start.month + 1
        if after.start.day == 1 and after.end == month_end(after.end):
            r.use(pm.span, blank=True)
            if not previous and (since := _changed_since(r, pm.span[0], after, months)) is not None:
                return _set_two(r, after, since)
            before = Period(add_months(after.start, -months), month_end(add_months(after.start, -1)))
            r.reasons.append(f"compared with the {months} month(s) before")
            return _set_two(r, before, after)
    return False


def _changed_since(r: Reading, at: int, period: Period, months: int) -> Period | None:
    """h57 (h51 D5): "did Meridian's margin drop from last year", "has revenue grown since Q3": the period said after
    "from" / "since" is where the change starts, so it is the earlier one, against the stretch of the same length just
    after it (up to the as-of date: "this year so far"). Without "from" / "since" the period is the later one; so is it
    when the stretch after would begin in the as-of month ("from last month" asked in April keeps Feb against March)."""
    if not re.search(r"\b(?:from|since)\s*$", r.text[:at]):
        return None
    start = add_months(period.start, months)
    if start >= r.as_of.replace(day=1):  # the stretch after would be only the current month: the old reading stays
        return None
    after = Period(start, min(month_end(add_months(start, months - 1)), r.as_of))
    r.reasons.append(f"the change from {period.start}..{period.end} (said after 'from' / 'since') to the "
                     f"{months} month(s) after it, up to the as-of date")
    return after


def _set_two(r: Reading, before: Period, after: Period) -> bool:
    if after.start > r.as_of:
        return False
    r.before, r.period, r.named_period = before, after, True
    r.period_label = f"{before.start}..{before.end} vs {after.start}..{after.end}"
    down, up = r.find(lx.DOWN), r.find(lx.UP)
    r.change = "down" if down and not up else "up" if up and not down else "any"
    if r.change == "up" and up.group(0) == "growth" and (  # type: ignore[union-attr]
            lx.GROWTH_OF_EACH.search(r.text) or growth_ranked(r.text)):  # h131: "bottom 3 by revenue growth"
        r.change = "any"  # "revenue growth by client": every client's change, not only the ones that grew
    for cue in lx.COMPARE_CUE.finditer(r.text):  # every comparison word is part of this reading ("change vs")
        r.use(cue.span())
    return True


def shift_years(day: date, years: int) -> date:
    """The same day ``years`` on; the last day of a month stays the last day (28 Feb 2025 a year back is 29 Feb 2024,
    so "February vs February last year" counts the leap day), and 29 February becomes the 28th."""
    if day == month_end(day):
        return month_end(date(day.year + years, day.month, 1))
    return day.replace(year=day.year + years)
