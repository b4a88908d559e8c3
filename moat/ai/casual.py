"""h57 (issue 15, reviewer h51's D11): how owners type. Three spellings the typo rules did not reach, each fixed only
on a word that is neither English, nor a name in the data (nor close to one), nor a word the parser protects:

- a dropped final g ("makin", "losin", "billin"): the "-ing" word, when that is English;
- one letter off a word the parser reads ("eech" -> each, "custmers" -> customers, "unprofitible" -> unprofitable):
  the closest of those words (a close match for 5 letters or more; one letter changed for 4);
- "$$" is money, as "how much $$ did we make" means (a single "$" is left to the other rules: "$/hr", "$5k").
The fixes are listed with the other typo fixes (each costs a little confidence and is said in the reasons)."""

from __future__ import annotations

import re
from difflib import get_close_matches

from moat.ai import lexicon as lx
from moat.ai.exclusion import negation_dropped
from moat.ai.mentions import fold
from moat.ai.period_typos import PERIOD_WORDS, close_name, english_words

# words the parser's rules read that a typo may miss (plain English; names come from the data, never from here)
_READ = frozenset(lx.KEYWORDS) | frozenset(lx.VALID_WORDS) | {
    "each", "every", "customers", "customer", "clients", "client", "accounts", "account", "profitable", "unprofitable", "making", "earning",
    "paying", "losing", "spending", "billing", "technicians", "technician", "licences", "licenses", "quarter", "segment",
    "segments", "products", "product", "vendors", "vendor", "revenue", "margin", "profit", "utilisation", "utilization",
    "billable", "hours", "unused", "seats", "waste", "labour", "labor", "which", "highest", "lowest", "biggest", "busiest"}
_MONEY_SIGNS = re.compile(r"(?<![\w$])\${2,}(?![\w$/])")  # "$$" (a single "$" is left: "$/hr", "$5k")


def casual_fixes(text: str, protected: set[str] | frozenset[str], names: set[str] | frozenset[str]) -> tuple[str, list[str]]:
    """``text`` with the fixes above, and the list of fixes ("makin -> making")."""
    fixes: list[str] = []
    if _MONEY_SIGNS.search(text):
        text = _MONEY_SIGNS.sub("money", text)
        fixes.append("$$ -> money")
    english = english_words()
    if not english:  # without the word lists nothing tells a typo from a rare word: no fix
        return text, fixes

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        if len(word) < 4 or word in english or _inflected(word, english) or word in protected or word in lx.STOP \
                or word in lx.FILLER or word in lx.NEGATION or close_name(word, names) is not None:
            return word
        fixed = _fixed(word, english)
        # period words have their own typo rule (period_typos), read with the period; h65: "unbillable" never "billable"
        if fixed is None or fixed in PERIOD_WORDS or negation_dropped(word, fixed):
            return word
        fixes.append(f"{word} -> {fixed}")
        return fold(fixed)  # the parser's own form ("customers" is read as "clients")

    return re.sub(r"[a-z]+", fix, text), fixes


def _inflected(word: str, english: frozenset[str]) -> bool:
    """An English word's inflection the word lists lack ("slowest", "quickest"): never a typo of another word
    ("slowest" is not "lowest")."""
    for end in ("est", "er", "ly", "ed", "ing", "s", "es"):
        stem = word[:-len(end)]
        if word.endswith(end) and len(stem) >= 3 and (stem in english or stem + "e" in english
                                                       or (stem[-1:] == stem[-2:-1] and stem[:-1] in english)):
            return True
    return False


def _fixed(word: str, english: frozenset[str]) -> str | None:
    if word.endswith("in") and word + "g" in english and len(word) >= 5:
        return word + "g"  # "makin", "losin"
    if len(word) == 4:
        near = [w for w in _READ if len(w) == 4 and w[0] == word[0] and sum(a != b for a, b in zip(w, word, strict=True)) == 1]
        return near[0] if len(near) == 1 else None
    close = get_close_matches(word, sorted(_READ), n=2, cutoff=0.85)
    return close[0] if close and close[0].rstrip("s") != word.rstrip("s") else None
