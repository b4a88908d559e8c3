"""h95 (issue 15): the company's own "did we make money" is its gross profit and a yes / no, as "did we lose money" is.

"Did we make money in Q1", "were we profitable in February", "did we turn a profit in January", "were we in the
black in Q1" ask whether the company's gross profit was above 0: the figure alone (as before) left the question
unanswered. Where the question is a yes/no about the company (``own_figure.company_asked``: no word asks about
clients, technicians or a ranking) and says no degree ("more", "the most"), gross profit > 0 is the mark:
``own_figure`` then answers the figure with whether it clears it. "Which clients made money", "how much did we
make" and "did we make more in Q1 than Q4" keep their readings; "did we make money on any clients" is the clients
whose gross profit was over 0 (as "did we lose money on any clients" lists those under it).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from moat.ai.catalogue import Threshold
from moat.ai.mentions import fold
from moat.ai.own_figure import company_asked
from moat.ai.own_figure_words import YES_NO

if TYPE_CHECKING:
    from moat.ai.reading import Reading

# making money, a profit, or being profitable, said of the company as a state (no amount, no degree)
_PROFIT_STATE = re.compile(r"\b(?:make|made|makes|making|earn|earned|turn|turned|turning)\s+(?:any\s+|a\s+|some\s+)?"
                           r"(?:money|profit|cash)\b|(?<!\bnot )\b(?:profitable|in the black)\b")
_TURNED = re.compile(r"\b(?:turn|turned|turning)\s+(?:a\s+)?(?=profit\b)|\bin\s+the\s+black\b")
_YES_NO = re.compile(YES_NO)
_DEGREE = re.compile(r"\b(?:most|more|least|less|much|biggest|highest|lowest|enough|over|under|above|below|than|"
                     r"at least|at most)\b|\$|\d\s*(?:k|percent|%)")


def company_profit_mark(r: Reading) -> None:
    """Gross profit > 0 as the mark of a company yes/no about making money (module doc); the reason is recorded."""
    said = fold(r.raw)
    if r.threshold is not None or r.metric not in (None, "gross_profit") or r.before is not None:
        return
    if not _PROFIT_STATE.search(said) or _DEGREE.search(said) or not _YES_NO.search(said):
        return
    r.find(_TURNED)  # "did we turn a profit", "in the black": the words are the mark's
    r.metric, r.threshold = "gross_profit", Threshold(">", 0.0)
    if company_asked(said):
        r.reasons.append("a yes/no about the company making money: its gross profit, checked against 0")
    else:  # "did we make money on any clients": the ones whose gross profit was over 0, as "did we lose money on any"
        r.order = r.order or "desc"
