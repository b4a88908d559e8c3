"""h66 (issue 15): a fiscal period named with no dates, when no fiscal year is configured, is refused.

"Fiscal year 2024", "FY24", "FY 2024", "this fiscal year", "last fiscal quarter", "fiscal Q3", "FYTD", "the financial
year": a fiscal year starts in whatever month the business chose, and this app holds no setting that says which, so
the calendar year answers another question (a confident-looking figure for the wrong twelve months). The reply names
what to ask instead: the calendar period, or the fiscal year's months written out. A fiscal phrase that carries its
own dates ("the fiscal year ended 31 March 2027", ``period_ended``) names the dates and is read as written.
"""

from __future__ import annotations

import re

from moat.ai.period_ended import ENDED
from moat.ai.reading import Parse, Reading

_FISCAL_WORD = r"(?:fiscal|fiscl|fisacl|fical|financial|finacial|fin\.?)"
_UNIT = r"(?:year|yr|quarter|qtr|q[1-4]|h[12]|half|half[- ]year|month|period|ytd|year[- ]to[- ]date)"
# "fiscal year 2024", "this fiscal year", "last fiscal qtr", "fiscal Q3", "fiscal 2025", "FY24", "FY 2024", "FY'25",
# "FYTD", "FY-to-date", "fy2025 q2"; never "fy" inside a word
FISCAL = re.compile(
    r"\b" + _FISCAL_WORD + r"\s+" + _UNIT + r"\b|\b(?:fiscal|fiscl|fisacl|fical)\s+(?:19|20)\d\d\b"
    r"|\bf\.?y\.?\s*'?(?:\d{2}|\d{4})\b|\bfytd\b|\bfy\s*(?:-\s*)?to\s*(?:-\s*)?date\b|\bfq[1-4]\b"
    r"|\b(?:this|last|current|previous|prior|next|our)\s+fy\b|\bfy\s+(?:19|20)\d\d\b",
    re.IGNORECASE)
_ENDED = re.compile(ENDED, re.IGNORECASE)
_TWO_YEARS = re.compile(r"f\.?y\.?\s*'?(?:20)?(?P<a>\d\d)\s*[/-]\s*(?:20)?(?P<b>\d\d)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)(\d\d)\b|fy\s*'?(\d\d)\b", re.IGNORECASE)


def fiscal_refusal(r: Reading) -> Parse | None:
    """A refusal when the question names a fiscal period without dates (no fiscal year is configured), else None."""
    said = FISCAL.search(r.raw)
    if said is None or _ENDED.search(re.sub(r"\s+", " ", r.raw.lower())):
        return None  # "the fiscal year ended 31 March 2027" names its own dates
    words = said.group(0).strip()
    year = _YEAR.search(words)
    calendar = f"20{year.group(1) or year.group(2)}" if year else None
    if (two := _TWO_YEARS.match(r.raw[said.start():])) is not None:  # "FY 24/25": July 2024 .. June 2025, say
        words, calendar = two.group(0).strip(), None
        head, tail = r.raw[:said.start()].rstrip(" ,:-"), r.raw[said.start() + two.end():].strip(" ,:-?.")
        return r.refuse(f"'{words}' is a fiscal year, and no fiscal year is set up here (which month it starts in), so I "
                        f"can't tell its dates: name its months instead (e.g. 'from July 20{two['a']} to June "
                        f"20{two['b']}').", [" ".join(p for p in (head, f"from July 20{two['a']} to June 20{two['b']}",
                                                                  tail) if p)])
    head = r.raw[:said.start()].rstrip(" ,:-")
    tail = r.raw[said.end():].strip(" ,:-?.")
    example = (f"'{calendar}' for the calendar year, or 'from July {int(calendar) - 1} to June {calendar}'" if calendar
               else "'this year' or 'last quarter' for calendar periods, or 'from July 2024 to June 2025'")
    suggestions = []
    if calendar:
        suggestions = [" ".join(p for p in (head, "in " + calendar, tail) if p).strip()]
    return r.refuse(f"'{words}' is a fiscal period, and no fiscal year is set up here (which month it starts in), so "
                    f"I can't tell its dates: ask for a calendar period or name the months instead (e.g. {example}).",
                    suggestions or None)
