"""h115 (issue 15, heldout18 class c): "for each of the past six months, what was X and how much did it move from the
month before" asks each month's value with its change from the month before (the month-over-month series), never the
span against the span before it.

Why: ``lexicon.EACH_MONTH_PREVIOUS`` (h29) reads "each month ... the month before", but "each of the past six months"
puts the period between "each" and "months", so the month before was read as a second period (the six months before)
and two six-month totals were compared at full confidence. Only "each of" / "every one of" is read here (the match's
``each`` group); the period words stay for the period reader."""

from __future__ import annotations

import re

_MONTH_BEFORE = (r"(?:the |its |that )?(?:previous|prior|preceding|last) month|(?:the |that )?month (?:before|prior)(?: it)?|"
                 r"(?:the |its )?(?:previous|prior|preceding) one")
EACH_OF_MONTHS_PREVIOUS = re.compile(
    r"\b(?P<each>(?:each|every(?: single)? one|every|any) of)\s+(?:the |our )?(?:past|last|previous|prior|trailing|"
    r"preceding|latest|most recent) (?:[\w-]+ )?months\b.{0,90}?"
    r"(?:\b(?P<chg>(?:(?:and|plus|with) )?(?:the |its )?(?:change|difference|delta|movement|swing|shift)s?) )?"
    r"\b(?P<prev>(?:(?:vs|versus|against|compared (?:with|to)|from|on|over|to) )?(?:" + _MONTH_BEFORE + r"))\b")


def each_of_months_previous(text: str) -> re.Match[str] | None:
    """The words asking each of a span's months against the month before it (module docstring), or None."""
    return EACH_OF_MONTHS_PREVIOUS.search(text)
