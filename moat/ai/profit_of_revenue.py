"""h115 (issue 15, heldout18 class f): a part of revenue kept as gross profit, said with a mark ("half or more of their
revenue as gross profit", "gross profit of at least a third of their revenue", "under 20% of revenue as profit") is a
threshold on gross margin (gross profit / revenue, the glossary's), rewritten so the threshold rules read it.

Why: the fraction words were left unread and gross profit in money was listed, flagged, with no threshold. The rewrite
needs a comparison word (a bare "half of their revenue as profit" names no mark to compare with and is left alone)."""

from __future__ import annotations

import re

_FRACTIONS = {"half": 50, "a half": 50, "one half": 50, "a third": 100 / 3, "one third": 100 / 3, "a quarter": 25,
              "one quarter": 25, "a fifth": 20, "one fifth": 20, "two thirds": 200 / 3, "three quarters": 75, "a tenth": 10}
_FRACTION = "|".join(sorted((re.escape(f) for f in _FRACTIONS), key=len, reverse=True))
_PART = r"(?P<frac>" + _FRACTION + r"|\d+(?:\.\d+)?\s*(?:%|percent|pct))"
_BEFORE = r"(?P<op1>at least|no less than|not less than|over|more than|above|under|less than|below|at most|no more than)"
_AFTER = r"(?P<op2>or (?:more|better|above|over|higher|greater|less|below|under|lower|fewer))"
_REVENUE = r"(?:of\s+)?(?:their|its|his|her|the|our|all)?\s*(?:revenue|sales|billings?|income|turnover)"
_PROFIT = r"(?:gross\s+)?(?:profit|gp|margin)"
PROFIT_OF_REVENUE = re.compile(
    r"\b(?:(?:turned|turn|turns|converted|convert|converts|kept|keep|keeps|retained|retain|retains)\s+)?"
    r"(?:" + _BEFORE + r"\s+)?" + _PART + r"(?:\s+" + _AFTER + r")?\s+" + _REVENUE + r"\s+(?:as|in|into|kept as|left as)\s+"
    + _PROFIT + r"\b|"
    r"\b" + _PROFIT + r"\s+(?:was|is|were|of|at|equal to|came to|amounted to|worth)?\s*"
    r"(?P<op1b>at least|no less than|over|more than|above|under|less than|below|at most|no more than)\s+"
    r"(?P<fracb>" + _FRACTION + r"|\d+(?:\.\d+)?\s*(?:%|percent|pct))\s+" + _REVENUE + r"\b")
_OPS = {"at least": "at least", "no less than": "at least", "not less than": "at least", "over": "over",
        "more than": "over", "above": "over", "under": "under", "less than": "under", "below": "under",
        "at most": "at most", "no more than": "at most"}


def _rewrite(m: re.Match[str]) -> str:
    frac = (m["frac"] or m["fracb"]).strip()
    said = m["op1"] or m["op1b"]
    if m["op2"]:
        op = "at least" if re.search(r"more|better|above|over|higher|greater", m["op2"]) else "at most"
    elif said:
        op = _OPS[said]
    else:
        return m.group(0)  # no mark to compare with
    pct = _FRACTIONS.get(frac)
    number = re.match(r"\d+(?:\.\d+)?", frac)
    value = pct if pct is not None else float(number.group(0))  # type: ignore[union-attr]
    return f"gross margin {op} {round(value, 4):g} percent"


def profit_of_revenue(text: str) -> str:
    """The folded question with a marked part of revenue kept as profit written as a gross-margin threshold."""
    return PROFIT_OF_REVENUE.sub(_rewrite, text)
