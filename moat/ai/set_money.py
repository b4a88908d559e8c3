"""h96 (issue 15): a money figure asked of the clients a condition on ANOTHER measure picks, with no word asking for a
list ("billings of the sub-15% margin customers", "what the accounts with GM under 15% invoiced, one figure"), is
one sum over those clients (``moat.ai.one_total``), as it already was with a total word.

Why: the condition's measure was answered (the clients listed by margin) and the money word was reported as not used,
flagged: a different question. A list is still given where one is asked (which / who / list / rank / each / per / by /
top ...) or the passing clients are the subject of "show"."""

from __future__ import annotations

import re
from typing import Any

from moat.ai.listed_words import LIST_ASKED

# one amount said in so many words, beyond the total words of ``moat.ai.one_total``
ONE_FIGURE = re.compile(r"\b(?:one|a single|single|1)\s+(?:number|figure|amount|total|value)\b")
_SHOWN = re.compile(r"\b(?:show|display|give me the|list)\b")


def money_of_a_set(said: str, condition_kind: str, threshold: Any) -> bool:
    """Whether a money figure named beside a condition on another measure is asked as one amount: no list word, or
    "one number" said outright. Only for a condition on a ratio within 0-100% ("sub-10% margin"): which of two money
    words a money condition is on is not read reliably enough to sum the other without a total word."""
    if condition_kind != "percent" or not all(-1 <= v <= 1 for v in (threshold.value, threshold.high or 0)):
        return False
    if ONE_FIGURE.search(said):
        return True
    return LIST_ASKED.search(said) is None and _SHOWN.search(said) is None
