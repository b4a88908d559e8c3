"""h138: the words of a pick inside a chosen set ("which of our 5 biggest clients has the lowest margin"), apart from
the code that reads them (``moat.ai.pick_within``)."""
from __future__ import annotations

import re

from moat.ai import lexicon as lx

_NOUNS = r"clients?|accounts?|customers?|techs?|technicians?|engineers?|staff|products?|vendors?|segments?"
_SIZES = (r"biggest|largest|top|smallest|busiest|quietest|least\s+busy|cheapest|priciest|dearest|most\s+expensive|"
          r"leading|bottom")
# "which of our 5 biggest", "of the top 10 clients", "among the 3 busiest", "out of our biggest 5": a set chosen by a
# size with a number, the one asked for named after it
PICK_CUE = re.compile(r"\b(?:(?:which|who|what)\s+(?:one\s+)?of|of|among(?:st)?|out\s+of|from|amid)\s+"
                      r"(?:our|the|my|those|these)\s+(?:(?:" + lx.NUM + r")\s+)?(?:" + _SIZES + r")\b"
                      r"(?:\s+(?:" + lx.NUM + r"))?")
# the superlative of the one asked for, written after the chosen set: "..., which has the lowest margin", "who is
# least profitable", "which logged the least billable time"
INNER_PICK = re.compile(r"(?:\b(?:" + _NOUNS + r")\b|\b(?:" + lx.NUM + r")\b)[^?]*?\b(?:which|who|what|that|has|had|have|"
                        r"is|was|were|are|did|does|do|logged|logs|shows?|showed|gets?|got|made|makes|brings?|brought|"
                        r"earns?|earned|costs?|with|\w+ed)\b(?:\s+one)?\s+(?:\w+\s+){0,2}?(?:the\s+)?(?P<side>" + lx.ASC
                        + "|" + lx.DESC + r"|poorest|weakest|strongest)\b")
_LOW_SIDE = re.compile(lx.ASC + r"|poorest|weakest")


def side_of(word: str) -> str:
    """``asc`` for a word of the low side ("lowest", "thinnest", "worst", "poorest"), else ``desc``."""
    return "asc" if _LOW_SIDE.fullmatch(word) else "desc"
# the chosen set written after the pick: "which of our products has the least waste among the top 3 by seats"
PICK_BEFORE_SET = re.compile(r"\b(?:which|who|what)\s+(?:one\s+)?of\s+(?:our|the|my)\s+(?:" + _NOUNS + r")\b[^?]*?"
                             r"\b(?:lowest|highest|worst|best|least|most|fewest|smallest|biggest|largest)\b[^?]*?"
                             r"\b(?:among(?:st)?|of|out\s+of|within)\s+(?:our|the|my)\s+(?:(?:" + _SIZES + r")\s+)?(?:"
                             + lx.NUM + r")\b")
