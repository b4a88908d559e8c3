"""h138: the words of "most" as a quantifier ("are most clients profitable", "is most of our revenue from the top 10",
"how many clients make up most of our GP"), apart from the code that reads them (``moat.ai.most_quantifier``)."""
from __future__ import annotations

import re

_NOUNS = r"clients?|accounts?|customers?|techs?|technicians?|engineers?|staff|products?|vendors?|segments?|people|months"
_AUX = r"are|were|is|was|did|do|does|have|had|has|will|would"
_LEAD = r"^\W*(?:(?P<lead>[\w' ]{1,30})[,:;]\s*)?"  # a period or an audience said first: "in Q1 2027, ...", "Q1 2027: ..."
# "are most clients profitable", "did most of our techs log over 150 hours": more than half of the rows pass?
MOST_OF_ROWS = re.compile(_LEAD + r"(?P<aux>" + _AUX + r")\s+most\s+(?:of\s+(?:our|the|my|all)\s+)?(?P<noun>" + _NOUNS
                          + r")\b\s*(?P<rest>.*?)\W*$")
# "is most of our revenue from the top 10 clients", "does most of our GP come from healthcare": over half the whole?
MOST_OF_WHOLE = re.compile(_LEAD + r"(?:" + _AUX + r")\s+most\s+of\s+(?:our|the|my)\s+(?P<what>[\w' -]+?)\s+(?:(?:come|came|"
                           r"comes|coming)\s+from|from|generated\s+by|made\s+by|earned\s+(?:from|on)|due\s+to|"
                           r"brought\s+in\s+by)\s+(?P<rest>.*?)\W*$")
# "how many clients make up most of our GP", "how many techs account for most of the hours": the fewest rows past half
MOST_MADE_UP = re.compile(r"\bhow\s+many\s+(?P<noun>" + _NOUNS + r")\s+(?:\w+\s+)?(?:make|makes|made|account|accounts|"
                          r"accounted|bring|brings|brought|generate|generates|generated|produce|produces|produced|drive|"
                          r"drives|drove|give|gives|gave|do|does|did)\s+(?:up\s+|for\s+|in\s+)?most\s+of\s+(?:our|the|my)?\s*"
                          r"(?P<what>[\w' -]+?)(?:\s+(?:in|for|during|over|last|this|since)\b.*)?\W*$")
