"""h104 (issue 15, heldout16 class a): "among the past four quarters, which brought in the most", "of the past 3 quarters,
which one had the lowest labour cost", "among the previous two quarters, which brought in more": the question picks
one of the PERIODS it names (those quarters), never a client.

Why: the period rules read "the last four quarters" as one stretch and blank it, so no "quarter" word was left for the
ranking to find (``Parser._quarters_ranked``); the ranking then fell back on the metric's first entity (clients) and
named the top client of the whole year at full confidence. Months had this rule since h7
(``lexicon.WHICH_OF_THE_MONTHS``); this is the same rule for quarters, read on the raw words: "which" (or "which one",
"which quarter") next to "of / among / out of the <N> quarters", either order. Each whole quarter of the period is
ranked; one is given unless a number of them is asked ("which two of the last four quarters")."""

from __future__ import annotations

import re

from moat.ai.periods import number
from moat.ai.reading import Reading

_N = r"(?:\d+|two|three|four|five|six|seven|eight)"
_QUARTERS = (r"(?:the |these |those |our )?(?:last |past |previous |prior |preceding |recent |most recent |first )*"
             r"(?:" + _N + r" )?(?:full |whole |calendar )?quarters\b")
_WHICH = r"\bwhich(?: one| single one| quarter| " + _N + r")?"
WHICH_OF_QUARTERS = re.compile(_WHICH + r" (?:of|among|out of|from) " + _QUARTERS + r"|"
                               r"\b(?:of|among|out of|from|over|across|in) " + _QUARTERS + r",? (?:\w+ ){0,2}?"
                               r"which\b(?! (?:clients?|customers?|accounts?|techs?|technicians?|engineers?|products?|"
                               r"vendors?|segments?|months?)\b)")


def quarters_picked(r: Reading, ranked: bool) -> None:
    """Rank the quarters of the period when the question picks one of the quarters it names (module docstring); a
    grouping step, run before the grouping falls back on the metric's entity."""
    if r.grouping is not None or not ranked or r.before is not None or r.mom or r.count:
        return
    said = re.sub(r"\s+", " ", r.raw.lower().replace("-", " "))
    if WHICH_OF_QUARTERS.search(said) is None:
        return
    r.grouping, r.order = "quarter", r.order or "desc"
    for which in re.finditer(r"\bwhich(?: one| (?P<n>" + _N + r"))?\b", r.text):
        r.use(which.span())
        if which["n"] and r.limit is None:  # "which two of the last four quarters": two of them
            r.limit = number(which["n"])
    r.reasons.append("one of the quarters named is asked: each whole quarter of the period ranked")
