"""h44 (issue 15, reviewer h38's classes C1, C3, C4): a year written right after a comparison word.

"revenue over 2025", "margin over 2025", "hours over 2025", "how many clients made over 2025": with no other period
named and the data holding that year, the number is the year as much as an amount. A 2,025 threshold over the
default period answers neither reading (the year is dropped). It is read as the year (the only period the question
names); where a threshold on the figure asked makes sense (money, hours, seats) or the rows are a list, the answer is
flagged, its reason naming both readings. A percentage (margin, utilisation) of 2025% makes no sense: there the year
is the only reading and a single figure is not flagged. A year with an amount's mark ("$2025", "2025 dollars",
"2025 in revenue", "over 2025 hours") or with another period ("over 2025 last month") stays an amount.
"""

from __future__ import annotations

import re
from datetime import date

from moat.ai.periods import _AMOUNT_AFTER, PeriodMatch
from moat.ai.reading import Reading
from moat.metrics.periods import Period

_YEAR_AFTER_COMPARISON = re.compile(
    r"(?<![\w$])(?P<cmp>over|above|under|below|beyond|exceeding|(?:more|less|fewer|greater|higher|lower)\s+than|"
    r"at\s+least|at\s+most)\s+(?P<y>(?:19|20)\d\d)\b" + _AMOUNT_AFTER
    + r"(?!\s*(?:hours?|h\b|percent|seats?|licen[cs]es?|k\b|thousand|grand|clients?|technicians?))")
MARK = "read as the year"
# rows asked for ("clients with margin below 2025"): the comparison word has no threshold left to apply to
_ROWS_ASKED = re.compile(r"\b(?:clients?|customers?|accounts?|technicians?|techs?|products?|vendors?|segments?|"
                         r"which|who|how many|months)\b")


def year_beside_comparison(r: Reading, data_span: Period | None) -> PeriodMatch | None:
    """The year of "over 2025" as the question's period when no other period is named and the data holds it."""
    m = _YEAR_AFTER_COMPARISON.search(r.text)
    if m is None or data_span is None:
        return None
    y = int(m["y"])
    if not data_span.start.year <= y <= data_span.end.year:
        return None
    r.reasons.append(f"'{m.group(0)}' {MARK} {y} (no other period named); for an amount write "
                     f"'${y:,}' or '{y:,} dollars'")
    return PeriodMatch(Period(date(y, 1, 1), date(y, 12, 31)), str(y), m.span())


def flag_year_or_amount(r: Reading, percent: bool) -> None:
    """Flag the year reading unless an amount makes no sense there (a single percentage)."""
    single = r.grouping == "company" and r.threshold is None and not _ROWS_ASKED.search(r.raw.lower())
    if any(MARK in reason for reason in r.reasons) and not (percent and single):
        r.confidence *= 0.6
        r.reasons.append("the number could also be an amount: check which you meant")
