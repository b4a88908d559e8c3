"""h99 (issue 15, heldout15): "in / over / during / within the last year" (with "the" and a preposition) is most
often the trailing twelve months, as "the past year" is (h21: the last 12 whole months), while "last year" alone is
the calendar year. It was read as the calendar year, confidently. Now it is read as the last 12 whole months and
flagged, naming the calendar year as the other reading, unless the question says which ("12 months", "rolling")."""

from __future__ import annotations

import re

_THE_LAST_YEAR = re.compile(r"\b(?P<prep>in|over|during|within|across|throughout|through|"
                            r"(?<=quarter\s)of|(?<=quarters\s)of|(?<=month\s)of|(?<=months\s)of)"  # h116: "each quarter of"
                            r"\s+the\s+last(?P<y>\s+year)\b"
                            r"(?!'s|\s+(?:and|vs|versus|compared|against)\b)")
_SAID_WHICH = re.compile(r"\b(?:12|twelve)\s+months\b|\brolling\b|\btrailing\b|\bttm\b|\bcalendar\b|\b(?:19|20)\d\d\b")
FLAG = 0.65


def the_last_year(text: str) -> tuple[str, list[str], float]:
    """The text with such a "the last year" read as "the past year" (the same length), the reasons to report and the
    confidence factor (module docstring)."""
    m = _THE_LAST_YEAR.search(text)
    if m is None:
        return text, [], 1.0
    text = text[:m.start()] + f"{m['prep']} the past{m['y']}" + text[m.end():]
    if _SAID_WHICH.search(text):
        return text, [], 1.0
    return text, ["'the last year' read as the last 12 whole months (for the calendar year, ask 'last year' or name the "
                  "year)"], FLAG
