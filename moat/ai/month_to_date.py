"""h122 (issue 15): a NAMED month's month-to-date ("March MTD revenue", "MTD hours for Feb 2027") is that month up to
the as-of date, the whole month when it has ended. ``moat.ai.numbers.normalise`` writes "MTD" / "month to date" as "this
month", so the question read as the current month, with the month named reported as an unused word (refused for no data
when the current month has none yet). Next to a month's name, "this month" is written "so far", which the period
rules read as that month up to the as-of date."""

from __future__ import annotations

import re

from moat.ai.implied_threshold_words import MONTH

_MONTH = r"(?:" + MONTH + r"(?:\s+(?:19|20)\d\d)?)"
_APART = r"(?!(?:vs|versus|and|or|than|compared|against|to|from|with|through|till|until)\b)"
_AFTER = re.compile(r"\b(?P<m>" + _MONTH + r")(?P<gap>(?:\s+" + _APART + r"\w+){0,3}?)\s+this month\b")
_BEFORE = re.compile(r"\bthis month(?P<gap>\s+(?:" + _APART + r"\w+\s+){0,2}?(?:for|of|in)\s+|\s+)(?P<m>" + _MONTH + r")\b")


def named_month_to_date(text: str) -> str:
    """The folded, normalised question with a named month's "this month" (its MTD) read as that month so far."""
    if m := _AFTER.search(text):
        return text[:m.start()] + f"{m['m']}{m['gap']} so far" + text[m.end():]
    if m := _BEFORE.search(text):
        return text[:m.start()] + m["gap"].lstrip() + f"{m['m']} so far" + text[m.end():]
    return text
