"""h138: the words of a pick inside a chosen set ("which of our 5 biggest clients has the lowest margin"), apart from
the code that reads them (``moat.ai.pick_within``)."""
from __future__ import annotations

import re

from moat.ai import lexicon as lx

_NOUNS = r"clients?|accounts?|customers?|techs?|technicians?|engineers?|staff|products?|vendors?|segments?"
_SIZES = r"biggest|largest|top|smallest|busiest|quietest|cheapest|priciest|dearest|most expensive|leading|bottom"
# "which of our 5 biggest", "of the top 10 clients", "among the 3 busiest", "out of our biggest 5": a set chosen by a
# size with a number, the one asked for named after it
PICK_CUE = re.compile(r"\b(?:(?:which|who|what)\s+(?:one\s+)?of|(?:^|,\s*)of|among(?:st)?|out\s+of|from|amid)\s+"
                      r"(?:our|the|my|those|these)\s+(?:(?:" + lx.NUM + r")\s+)?(?:" + _SIZES + r")\b"
                      r"(?:\s+(?:" + lx.NUM + r"))?")
# the superlative of the one asked for, written after the chosen set: "..., which has the lowest margin", "who is
# least profitable", "which logged the least billable time"
INNER_PICK = re.compile(r"(?:\b(?:" + _NOUNS + r")\b|\b(?:" + lx.NUM + r")\b)[^?]*?\b(?:which|who|what|the\s+one)?\b"
                        r"[^?]*?\b(?:has|had|have|is|was|were|are|did|does|do|logged|logs|shows?|showed|gets?|got|"
                        r"made|makes|brings?|brought|earned|earns|with)\s+(?:the\s+)?(?P<side>lowest|highest|worst|best|"
                        r"least|most|fewest|smallest|biggest|largest|poorest|weakest|strongest)\b")
SIDE_OF = {"lowest": "asc", "least": "asc", "fewest": "asc", "smallest": "asc", "poorest": "asc", "weakest": "asc",
           "worst": "asc", "highest": "desc", "most": "desc", "biggest": "desc", "largest": "desc",
           "strongest": "desc", "best": "desc"}
# the chosen set written after the pick: "which of our products has the least waste among the top 3 by seats"
PICK_BEFORE_SET = re.compile(r"\b(?:which|who|what)\s+(?:one\s+)?of\s+(?:our|the|my)\s+(?:" + _NOUNS + r")\b[^?]*?"
                             r"\b(?:lowest|highest|worst|best|least|most|fewest|smallest|biggest|largest)\b[^?]*?"
                             r"\b(?:among(?:st)?|of|out\s+of|within)\s+(?:our|the|my)\s+(?:(?:" + _SIZES + r")\s+)?(?:"
                             + lx.NUM + r")\b")
