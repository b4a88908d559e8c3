"""h93 (issue 15): a sort order said with a word between the side and "first" ("most expensive first", "biggest
number first", "highest spend first") sorts the whole list, as "most first" / "highest first" already did: it asks
for every row in that order, never the top five.

The word between is dropped when it only restates the size ("number", "amount", "figure", "count", "value") or when it
is a money word ("expensive", "costly", "spend", "cost") and the question names money elsewhere ("licence spend per
product, most expensive first"); a money word that is the question's only money word is kept before the order
("products, most expensive first" -> "products expensive most first"), so the measure is still read from it.
"""

from __future__ import annotations

import re

_SIDE = r"(most|least|highest|lowest|biggest|largest|smallest|greatest)"
_SIZE = r"(?:number|numbers|amount|amounts|figure|figures|count|counts|value|values|total|totals|dollar amount|\$ amount)"
_MONEY = r"(?:expensive|costly|pricey|pricy|spend|spending|cost|costs|dollars?|\$)"
_MONEY_ELSEWHERE = re.compile(r"\b(?:cost|costs|costing|spend|spending|spent|expense|expenses|bill|bills|money|dollars?|"
                              r"paid|pay|paying|waste|wasted|price|prices)\b|\$")
_NOT_A_PERIOD = r"(?!\s+(?:quarter|half|month|week|year|time|q[1-4]|h[12])\b)"


def _first(m: re.Match[str]) -> str:
    side, word = ("biggest" if m[1] == "greatest" else m[1]), m[2]  # (the order rules know "biggest", not "greatest")
    if re.fullmatch(_SIZE, word):
        return f"{side} first"
    rest = m.string[:m.start()] + " " + m.string[m.end():]
    return f"{side} first" if _MONEY_ELSEWHERE.search(rest) else f"{word} {side} first"


ORDER_FIRST_FOLD = [
    (r"\b" + _SIDE + r"\s+(" + _SIZE + "|" + _MONEY + r")\s+first\b" + _NOT_A_PERIOD, _first),
]
