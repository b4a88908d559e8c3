"""h96 (issue 15): heavy typos owners type in money questions, fixed before the other rules read the question.

- a digit typed for a letter inside a word ("lab0ur", "pr0fit", "rev3nue"): the word it spells when that word is one
  of the parser's keywords (never a product code: "E3", "M365", "Q1" keep their digits, as the digit is at an end);
- short forms with their vowels dropped and owner typos whose reading is not in doubt (``TYPED``: "mnth", "ovr",
  "custmers"), as whole words;
- "thre" next to a ranking word or before a plural noun ("bottom thre accounts", "thre vendors"): three.
Why: a digit typed inside "labour" was refused as an unknown product, "top thre" listed five, and "ovr" before an
amount lost the threshold. The words are declarations below; each rule is about how a word is typed."""

from __future__ import annotations

import re

from moat.ai import lexicon as lx

# owner short forms and typos read one way only (whole words)
TYPED = {
    "mnth": "month", "mnths": "months", "mth": "month", "mths": "months", "mnthly": "monthly",
    "ovr": "over", "undr": "under", "abv": "above",
    "custmers": "clients", "custmer": "client", "custmrs": "clients", "custs": "clients",
    "revnue": "revenue", "revenu": "revenue", "reveune": "revenue", "rvenue": "revenue",
    "labr": "labour", "profti": "profit", "proft": "profit",
}
_LEET = {"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t"}
_INNER_DIGIT = re.compile(r"\b[a-z]+(?:[013457][a-z]+)+\b")  # digits only between letters: never "e3", "m365", "q1"
_TYPED = re.compile(r"\b(?:" + "|".join(sorted(TYPED, key=len, reverse=True)) + r")\b")
_THRE = re.compile(r"\b(?P<before>top|bottom|best|worst|first|last|biggest|largest|smallest) thre\b|"
                   r"\bthre(?= (?:clients?|customers?|accounts?|segments?|months?|techs?|technicians?|products?|vendors?|"
                   r"biggest|largest|best|worst|top|lowest|highest)\b)")
_SPELT = set(lx.KEYWORDS) | {"labour", "month", "months", "revenue", "profit", "margin", "cost", "costs", "clients",
                             "customers", "hours", "over", "under", "total"}


def _unleet(m: re.Match[str]) -> str:
    word = m.group(0)
    spelt = "".join(_LEET.get(c, c) for c in word)
    return spelt if spelt in _SPELT else word


def word_typos(text: str) -> str:
    """The folded question with the typos of the module doc fixed."""
    text = _INNER_DIGIT.sub(_unleet, text)
    text = _TYPED.sub(lambda m: TYPED[m.group(0)], text)
    return _THRE.sub(lambda m: f"{m['before']} three" if m["before"] else "three", text)
