"""h136 (issue 15): one month named beside two years compared ("GP for June, YoY, 2026 vs 2027", "hours in March 2026
vs 2027", "GP for march: 2026 against 2027") is that month of each year: "March 2026 vs March 2027". Read as written,
the month went with at most one of the years and the other year was a whole calendar year (a month against a year),
or both years were read as years and the month dropped (refused for a year with no data).

Only one month name (and no quarter, half or other year) beside a pair of years joined by a word that compares them
("vs", "versus", "against", "compared with / to") is rewritten; "2026 to 2027" is a span, never this."""

from __future__ import annotations

import re

from moat.ai.periods import MONTHS

_MONTH = r"\b(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b"
_PAIR = re.compile(r"\b(?P<y1>(?:19|20)\d\d)\s+(?:vs|versus|v|against|compared\s+(?:with|to))\s+(?P<y2>(?:19|20)\d\d)\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_OTHER_PERIOD = re.compile(r"\b(?:q[1-4]|quarters?|h[12]|halves|half|ytd|qtd|mtd|weeks?|days?)\b")
# "YoY" beside the two years says what they do: the years are the comparison (left, it asked for a year before)
_YOY = re.compile(r"\b(?:yoy|y\s*/\s*y|y-o-y|year[\s-]+(?:over|on|vs|to)[\s-]+year)\b")
# "may" is a month only written beside the years ("may 2026 vs 2027"): alone it is the verb
_VERB_MAY = "may"


def month_of_each_year(text: str) -> str:
    """The folded question with a month beside two compared years written as that month of each year (module doc)."""
    before, pair = text, _PAIR.search(text)
    if pair is None or pair["y1"] == pair["y2"] or len(_YEAR.findall(text)) != 2 or _OTHER_PERIOD.search(text):
        return text
    months = list(re.finditer(_MONTH, text))
    if len({MONTHS[m["month"]] for m in months}) != 1 or len(months) != 1:
        return text
    text = _YOY.sub(" ", text)
    pair, month = _PAIR.search(text), next(re.finditer(_MONTH, text))
    assert pair is not None
    adjacent = text[month.end():pair.start()].strip() == ""
    if month["month"] == _VERB_MAY and not adjacent:
        return before
    both = f"{month['month']} {pair['y1']} vs {month['month']} {pair['y2']}"
    if adjacent:  # "march 2026 vs 2027"
        return text[:month.start()] + both + text[pair.end():]
    if month.start() < pair.start():  # "mar revenue yoy 2026 vs 2027": the month moves to the years
        return re.sub(r"\s{2,}", " ", text[:month.start()] + text[month.end():pair.start()] + both + text[pair.end():]).strip()
    return re.sub(r"\s{2,}", " ", text[:pair.start()] + both + text[pair.end():month.start()] + text[month.end():]).strip()
