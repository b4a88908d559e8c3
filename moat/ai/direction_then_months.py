"""h136 (issue 15): a yes / no question about a direction ("are we growing?", "is revenue going up -", "are margins
slipping:") written beside a clause that asks for a measure month by month over a period ("GP each month, last six
months") asks for that clause: the months are what to show, the direction is why they are asked (read from the months
shown). Both together were refused as "two periods compared ... not as months" (the direction reading compares two
periods, the month words ask for a series), so neither was answered.

Only a direction question set apart from the other clause by a break (a question mark, a dash, a colon, a full stop or
a semicolon) counts, and only when the other clause asks for months outright ("each / every / per / by month",
"monthly", "month by month", "month-on-month"; quarters alike): the parser then reads that clause alone and must read
it as one figure per month or quarter (``series_of_periods``), else nothing changes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from moat.ai.catalogue import Intent

# the yes / no direction question: an auxiliary, a subject, a direction verb or adjective
_AUX = r"(?:are|is|am|was|were|have|has|did|do|does)"
_DIRECTION = (r"(?:grow(?:ing|n)?|climb(?:ing|ed)?|expand(?:ing|ed)?|shrink(?:ing)?|shrunk|declin(?:ing|ed)|decreas(?:ing|ed)|"
              r"increas(?:ing|ed)|improv(?:ing|ed)|slipp(?:ing|ed)|rising|risen|falling|fallen|dropping|dropped|"
              r"trending\s+(?:up|down|upwards?|downwards?)|going\s+(?:up|down)|gone\s+(?:up|down)|getting\s+"
              r"(?:better|worse|bigger|smaller|busier|quieter)|busier|quieter|up|down|better|worse|on\s+the\s+(?:up|rise|way\s+(?:up|down)))")
_QUESTION = re.compile(r"^\s*(?:so\s+|ok(?:ay)?\s+|well\s+|honestly\s+)?" + _AUX + r"\s+(?:[\w'&]+\s+){1,3}?(?:been\s+)?"
                       + _DIRECTION + r"(?:\s+(?:or\s+not|at\s+all|overall|lately|recently))?\s*$", re.IGNORECASE)
# the break between the two clauses
_BREAK = re.compile(r"\s*(?:\?+|[.;:!]|\s-+|—|–)\s*")
_MONTHS_ASKED = re.compile(r"\b(?:(?:each|every|per|by|a)\s+(?:month|quarter)|monthly|quarterly|"
                           r"(?P<unit>month|quarter)[\s-]+(?:by|on|over|to)[\s-]+(?P=unit)|(?:months|quarters)?\s+one\s+by\s+one)\b",
                           re.IGNORECASE)

REASON = ("'{question}' read as why the months are asked: each month's figure is shown (the direction is read from "
          "them); ask 'is <measure> up on <period>' for two periods compared")


def series_of_periods(intent: Intent | None) -> bool:
    """Whether ``intent`` shows one figure per month or quarter (in calendar order or ranked), never two periods."""
    return intent is not None and intent.grouping in ("month", "quarter") and intent.compare_start is None


@dataclass(frozen=True)
class MonthsAsked:
    """The clause asking for the months, and the reason to report."""

    kept: str
    reason: str


def direction_then_months(raw: str) -> MonthsAsked | None:
    """The clause of ``raw`` asking for a measure month by month, when the other clause is a yes / no direction
    question set apart by a break (module doc); None otherwise."""
    parts = [p for p in _BREAK.split(raw.strip()) if p.strip()]
    if len(parts) < 2:
        return None
    if _QUESTION.match(parts[0]):
        asked, rest = parts[0], parts[1:]
    elif _QUESTION.match(parts[-1]):
        asked, rest = parts[-1], parts[:-1]
    else:
        return None
    kept = ", ".join(p.strip() for p in rest)
    if not _MONTHS_ASKED.search(kept) or any(_QUESTION.match(p) for p in rest):
        return None
    return MonthsAsked(kept, REASON.format(question=asked.strip()))
