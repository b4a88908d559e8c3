"""h58 (issue 15, reviewer h52's D1 / D11): a money verb in its third-person form ("which client wastes the most on
licences", "who spends the most on Microsoft", "which tech loses us money") is the same verb as "waste" / "spend" /
"lose", which the measure words know. Left as written, the word was taken for an unknown name and the question
refused. The question's verbs are read in their plain form before anything else."""

from __future__ import annotations

import re

# the verbs the measure words are written with (lexicon.METRIC_PATTERNS: "spend on", "waste", "lose money", "earn",
# "make money", "bring in", "generate", "pay for"): their "-s" forms
_THIRD_PERSON = re.compile(r"\b(spend|waste|lose|earn|make|bring|generate|pay)s\b(?!\s+(?:of|for the)\b)")

# "bills" is a noun too ("unpaid bills"): the verb only before what a ranking or a comparison says ("which tech bills
# the least", "who bills more than 100 hours")
_BILLS = re.compile(r"\b(bill)s\b(?=\s+(?:the|us|more|less|most|least|fewest|under|over|below|above)\b)")


def plain_verbs(text: str) -> tuple[str, list[str]]:
    """The question with third-person money verbs in their plain form, and the words so read."""
    read: list[str] = []

    def plain(m: re.Match[str]) -> str:
        read.append(m.group(0))
        return m.group(1)
    text = _THIRD_PERSON.sub(plain, text)
    return _BILLS.sub(plain, text), read
