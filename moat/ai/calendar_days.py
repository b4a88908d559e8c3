"""h136 (issue 15): days of the calendar that are written capitalised ("New Year's Day", "New Year") are dates, never
names: "what did we invoice since New Year's Day" was refused as "I don't know New, Year's, Day". The period
rules read them (``moat.ai.period_phrases``: 1 January; "since the new year": since the start of the year); the name
check (``moat.ai.mentions.NameIndex.unknown_names``) skips them."""

from __future__ import annotations

import re

CALENDAR_DAYS = re.compile(r"\bNew\s*Year(?:'?s)?(?:\s+Day)?\b", re.IGNORECASE)


def without_calendar_days(question: str) -> str:
    """``question`` with the calendar days written in lower case, so that no capital reads as a name."""
    return CALENDAR_DAYS.sub(lambda m: m.group(0).lower(), question)
