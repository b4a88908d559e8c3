"""h96 (issue 15): other direct cost written the ways owners type it beyond h65 / h78's: "other-cost accounts" (the
measure hyphenated into an adjective) and "other costs (not labour, not licences)" (each kind negated on its own, the
brackets and commas gone by the time the rules read it).

Why: the first was read as labour cost with "other-cost" not used; the second was refused as "costs without labour"
(one kind left out) although both kinds are. The text is rewritten into the words ``moat.ai.exclusion.other_costs``
already reads."""

from __future__ import annotations

import re

_HYPHENATED = re.compile(r"\bother-(?=costs?\b)")
_LABOUR = r"(?:labou?r|staff|payroll|wages|salar(?:y|ies)|tech(?:nician)?\s+time)"
_LICENCE = r"(?:licen[cs](?:es?|ing)|software|subscriptions?|seats?)"
# "other costs not labour not licences", "other costs, that are not labour, not licences"
_EACH_NEGATED = re.compile(r"\b(?P<costs>(?:(?:other|direct|client|delivery|service)\s+){0,3}(?:costs?|expenses?))\s+(?:(?:that|which)\s+(?:are|were)\s+)?"
                           r"not\s+(?:" + _LABOUR + r"\s*,?\s+(?:and\s+)?not\s+" + _LICENCE + r"|" + _LICENCE
                           + r"\s*,?\s+(?:and\s+)?not\s+" + _LABOUR + r")\b")


def other_cost_words(text: str) -> str:
    """``text`` with "other-cost" and "costs not labour not licences" written "other cost" / "other direct costs"."""
    text = _HYPHENATED.sub("other ", text)
    return _EACH_NEGATED.sub("other direct costs", text)
