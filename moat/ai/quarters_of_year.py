"""h135 (issue 15, heldout21): a run of a year's quarters said by place ("the middle two quarters of 2026", "the first
three quarters of last year", "the last two quarters of 2026") is the span of those quarters, written as "Q2 through Q3
2026" for the period rules (``moat.ai.periods``) to read.

Why: the words were left unread and the whole year answered, flagged ("middle two quarters" ignored); a sealed set's
author meant Q2 and Q3 summed. The year may be written as digits or as "this / last year"; "the middle quarters" with
no count is Q2 and Q3."""

from __future__ import annotations

import re

_COUNTS = {"one": 1, "two": 2, "three": 3, "1": 1, "2": 2, "3": 3}
_PLACED = re.compile(r"\b(?:the\s+)?(?:(?P<n0>two|three|[23])\s+)?(?P<place>first|opening|middle|last|final|closing)\s+(?P<n>one|two|three|[123])?\s*"
                     r"quarters?\s+of\s+(?P<year>(?:19|20)\d\d|'\d\d|(?:this|last|the\s+last|previous|the\s+previous)\s+"
                     r"year)\b")


def _span(m: re.Match[str]) -> str:
    """The quarters the placed run names, as "qA through qB <year>" (the words unchanged when they name no run)."""
    place = m["place"]
    n = _COUNTS.get(m["n"] or m["n0"] or "", 2 if place == "middle" else 0)
    if n == 0 or (place == "middle" and n != 2) or (m["n"] and m["n0"]):
        return m.group(0)
    first = {"first": 1, "opening": 1, "middle": 2}.get(place, 5 - n)
    year = re.sub(r"^the\s+", "", m["year"])
    return f"q{first} through q{first + n - 1} {year}" if n > 1 else f"q{first} {year}"


def quarters_of_year(text: str) -> str:
    """The folded question with each placed run of a year's quarters written as a span of quarters (module doc)."""
    return _PLACED.sub(_span, text)
