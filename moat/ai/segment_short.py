"""h128 (issue 15): a segment written short before a word for segments ("hc segment", "mfg sector", "np clients") is
that segment, when the short form is a contraction of exactly one segment's name (its first letter, then later letters
in order: ``moat.ai.mentions.contracts``, here from two letters on, since the noun after it says a segment is meant)
and is no English word ("main clients" is no manufacturing).

Why: a sealed set (heldout20) had the "hc segment" revenue by month asked for and answered (flagged) as the company's
revenue per month, "hc" and "segment" left unread."""

from __future__ import annotations

import re

_NOUN = r"(?:segments?|sectors?|verticals?|industry|clients?|customers?|accounts?)"
_SHORT_BEFORE_NOUN = re.compile(r"\b(?P<short>[a-z]{2,5})\.?(?=\s+" + _NOUN + r"\b)")


def _contracts(short: str, word: str) -> bool:
    """``short`` keeps ``word``'s first letter and some later letters in order, and is shorter."""
    if len(short) >= len(word) or short[0] != word[0]:
        return False
    rest = iter(word[1:])
    return all(ch in rest for ch in short[1:])


def segment_short_forms(text: str, segments: tuple[str, ...] | list[str]) -> str:
    """The folded question with each short form of one segment's name before a segment noun written in full."""
    from moat.ai.period_typos import english_words  # late: period_typos reads the lexicon

    names = [s for s in segments if s]

    def full(m: re.Match[str]) -> str:
        short = m["short"]
        if short in names or short in english_words():  # "main clients", "new clients": words, never short forms
            return m.group(0)
        owners = [s for s in names if _contracts(short, s.replace(" ", ""))]
        return owners[0] if len(owners) == 1 else m.group(0)

    return _SHORT_BEFORE_NOUN.sub(full, text)
