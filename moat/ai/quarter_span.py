"""h77 (issue 15): a per-quarter breakdown asked over two quarters named as its ends ("GP per quarter, Q3 2026 - Q1
2027", "hours in Q4 2026 and Q1 2027, each quarter") lists every whole quarter from the first to the last.

Read by the two-period rules, the two quarters were compared (both values and the change) and the words asking one row
per quarter were left unread: a different answer, flagged. The breakdown word decides: with it, the two quarters are
the ends of one span, and ``period_reading.quarter_breakdown`` then groups that span by quarter. Two quarters joined by
"and" that are not next to each other ("Q2 and Q4") are not a span (the quarter between was not asked): the
two-period rules keep them. A comparison word ("vs", "change", "grew") or a condition ("over 10k", "how many") keeps
the rules that read those.
"""

from __future__ import annotations

import re
from datetime import date

from moat.ai import lexicon as lx
from moat.ai.period_reading import QUARTERLY
from moat.ai.reading import Reading
from moat.metrics.periods import Period, add_months, month_end

_YEAR = r"(?:19|20)\d\d"
_RELATIVE = r"(?:last|this|previous|prior|current) year"
# Two quarters written as the ends of a span: "q3 2026 - q1 2027", "q2 to q4 last year", "q3 last year through q1 this
# year", "q4 2026 and q1 2027" (folded text: commas gone, dashes as "-")
QUARTER_ENDS = re.compile(
    r"\b(?:(?:from|between|for|in)\s+)?q(?P<a>[1-4])(?:(?:\s+of)?\s*(?P<ya>" + _YEAR + r")|\s+(?:of\s+)?(?P<ra>" + _RELATIVE + r"))?"
    r"\s*(?P<sep>to|through|thru|till|until|-|and|&)\s*"
    r"q(?P<b>[1-4])(?:(?:\s+of)?\s*(?P<yb>" + _YEAR + r")|\s+(?:of\s+)?(?P<rb>" + _RELATIVE + r"))?\b")
_CONDITION = (lx.THRESH, lx.THRESH_AFTER, lx.BETWEEN, lx.COUNT, lx.COUNT_MONTHS, lx.AGAINST, lx.COMPARE_CUE)


def _relative(word: str | None, as_of: date) -> int | None:
    if word is None:
        return None
    return as_of.year - (0 if word.split()[0] in ("this", "current") else 1)


def _quarter(year: int, q: int) -> Period:
    start = date(year, 3 * q - 2, 1)
    return Period(start, month_end(add_months(start, 2)))


def _years(m: re.Match[str], as_of: date) -> tuple[int, int]:
    """The years of the two ends: each as written, else from the other end (a later quarter number in the same year,
    an earlier one in the year after), else the latest year in which the later end has ended."""
    a, b = int(m["a"]), int(m["b"])
    ya = int(m["ya"]) if m["ya"] else _relative(m["ra"], as_of)
    yb = int(m["yb"]) if m["yb"] else _relative(m["rb"], as_of)
    if ya is None and yb is None:
        yb = as_of.year if _quarter(as_of.year, b).end <= as_of else as_of.year - 1
    if ya is None:
        ya = yb if a <= b else yb - 1  # type: ignore[operator]
    if yb is None:
        yb = ya if b >= a else ya + 1
    return ya, yb


def quarters_spanned(r: Reading) -> bool:
    """Read two quarters around a per-quarter breakdown as one span (module doc); False when the rule does not apply."""
    m = QUARTER_ENDS.search(r.text)
    if m is None or r.mom:
        return False
    rest = r.text[:m.start()] + " " + r.text[m.end():]
    if not QUARTERLY.search(rest) or any(p.search(rest) for p in _CONDITION):
        return False
    ya, yb = _years(m, r.as_of)
    first, last = _quarter(ya, int(m["a"])), _quarter(yb, int(m["b"]))
    if first.start >= last.start or last.end > r.as_of:
        return False
    if m["sep"] in ("and", "&") and add_months(first.start, 3) != last.start:
        return False  # "Q2 and Q4": two quarters, not the span between them
    r.use(m.span(), blank=True)
    r.period, r.named_period = Period(first.start, last.end), True
    r.period_label = f"Q{m['a']} {ya} to Q{m['b']} {yb}"
    r.reasons.append(f"a breakdown by quarter from Q{m['a']} {ya} to Q{m['b']} {yb}: every quarter of that span, "
                     "never the two compared")
    return True
