"""h99 (issue 15, heldout15): two months each followed by two digits, joined as a range ("May 21 - Apr 22", "nov 21 -
apr 22"), where both numbers are recent years, are a stretch of whole months (May 2021 .. April 2022). They were read
as days (21 May .. 22 April) with the years guessed from context, confidently. The text is rewritten with the years
written out, before the period rules read it.

When the day reading is consistent too (the months in calendar order, the same or the next year: "Jan 26 - Mar 27"
could be 26 January .. 27 March), the year reading is kept but flagged, naming the days reading; when the day reading
would cross a new year that nobody said ("May 21 - Apr 22"), the years are the only consistent reading."""

from __future__ import annotations

import re
from datetime import date

from moat.ai.periods import MONTHS

_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
_PAIR = re.compile(r"\b(?P<m1>" + _MON + r")\.?\s*(?P<q1>')?(?P<d1>\d\d)\s*(?P<join>-|–|to|until|till|through|thru|and)\s*"
                   r"(?P<m2>" + _MON + r")\.?\s*(?P<q2>')?(?P<d2>\d\d)\b(?!\s*(?:st|nd|rd|th|,?\s*(?:19|20)\d\d)\b)(?![-/.:]\d)")
_BETWEEN = re.compile(r"\bbetween\s*$")
FLAG = 0.6  # both readings possible: the answer is flagged (under the review threshold 0.70)


def two_digit_year_ranges(text: str, as_of: date) -> tuple[str, list[str], float]:
    """The text with such ranges' years written out, the reasons to report, and the confidence factor (module
    docstring). Years must be the as-of year or up to four before it, in order, at most one year apart."""
    reasons: list[str] = []
    factor = 1.0

    def years(m: re.Match[str]) -> str:
        nonlocal factor
        if m["join"] == "and" and not _BETWEEN.search(text[:m.start()]):
            return m.group(0)  # "jan 26 and mar 27": two periods, read by the comparison rules
        y1, y2 = 2000 + int(m["d1"]), 2000 + int(m["d2"])
        m1, m2 = MONTHS[m["m1"]], MONTHS[m["m2"]]
        if not (as_of.year - 4 <= y1 <= y2 <= as_of.year and y2 - y1 <= 1 and (y1, m1) < (y2, m2)):
            return m.group(0)
        said = f"{m['m1']} {m['d1']} {m['join']} {m['m2']} {m['d2']}"
        days_too = not (m["q1"] or m["q2"]) and int(m["d1"]) <= 31 and int(m["d2"]) <= 31 and m1 <= m2
        if days_too:
            factor = FLAG
            reasons.append(f"read '{said}' as months and two-digit years ({m['m1'].title()} {y1} .. {m['m2'].title()} "
                           f"{y2}); if you meant days, write them with the year (e.g. '{m['d1']} {m['m1'].title()} "
                           f"{as_of.year - 1} to {m['d2']} {m['m2'].title()} {as_of.year - 1}')")
        else:
            reasons.append(f"read '{said}' as {m['m1'].title()} {y1} .. {m['m2'].title()} {y2} (two-digit years)")
        return f"{m['m1']} {y1} {m['join']} {m['m2']} {y2}"

    return _PAIR.sub(years, text), reasons, factor
