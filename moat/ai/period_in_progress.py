"""h104 (issue 15, heldout16 class g): the period that is running now, said in other words, is read as that period to
the as-of date, so a period that holds no data yet is refused (never answered with another period):
- "the month we are currently in", "the quarter we're in now", "the present month", "the month in progress" are this
  month / quarter / year ("this month" is refused when it holds no data, ``moat.ai.unheld``);
- a quarter or half named with "so far" ("Q2 2027 gross profit so far", "so far in H2") is that quarter / half up to the
  as-of date while it runs, the whole of it once it has ended, as "<month> so far" is (h27). Before, "so far" alone
  was read as this year to date and the quarter left unread (flagged, but another period's figure).
``period_in_progress`` runs on the folded text, where "so far" is already written "so far this year"
(``lexicon.FOLD``); ``RULES`` are period rules (``moat.ai.periods``)."""

from __future__ import annotations

import re
from datetime import date

from moat.metrics.periods import Period, add_months, month_end

_NOW_IN = r"(?:we(?:'re| are|re)|i'm|i am)(?: (?:currently|now|presently))?"
_CURRENT = re.compile(r"\b(?:the )?(month|quarter|year) (?:that )?" + _NOW_IN + r" in\b|"
                      r"\bthe (?:present|ongoing|in-progress) (month|quarter|year)\b|\bthe (month|quarter|year) in progress\b|"
                      r"\bthe (month|quarter|year) (?:that )?(?:is|it's|it is) (?:now|currently)\b")
_PART = r"(q[1-4]|h[12])((?:,? (?:19|20)\d\d)?)"
_NAMED_SO_FAR = re.compile(r"\b" + _PART + r"((?: (?!so\b|since\b|to\b|vs\b|and\b|versus\b|against\b)[a-z]+){0,3}?) so far"
                           r"(?: this year)?\b")
_SO_FAR_IN = re.compile(r"\bso far(?: this year)? (?:in|for|of|during) (?:the )?" + _PART + r"\b")


def period_in_progress(text: str) -> str:
    """The folded question with the running period's phrasings written as the period rules read them (module doc)."""
    text = _CURRENT.sub(lambda m: f"this {next(g for g in m.groups() if g)}", text)
    text = _SO_FAR_IN.sub(r"\1\2 so far", text)
    return _NAMED_SO_FAR.sub(r"\1\2 so far\3", text)


PART_SO_FAR = r"(?:in\s+|for\s+)?(?P<part>q[1-4]|h[12]),?(?:\s+(?P<year>(?:19|20)\d\d))?,?\s+so\s+far(?:\s+this\s+year)?"


def part_so_far(m: re.Match[str], as_of: date) -> tuple[Period, str] | None:
    """"Q2 2027 so far": the quarter (half) to the as-of date while it runs, the whole of it once ended, the whole of
    it (refused for want of data) when it has not begun; without a year, the latest one that has begun."""
    months = 3 if m["part"][0] == "q" else 6
    first = (int(m["part"][1]) - 1) * months + 1
    start = date(int(m["year"]) if m["year"] else as_of.year, first, 1)
    if m["year"] is None and start > as_of:
        start = start.replace(year=start.year - 1)
    end = month_end(add_months(start, months - 1))
    label = f"{m['part'].upper()} {start.year}"
    if start <= as_of < end:
        return Period(start, as_of), f"{label} to {as_of}"
    return Period(start, end), label


RULES = [(PART_SO_FAR, part_so_far)]
