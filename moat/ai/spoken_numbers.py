"""h115 (issue 15, heldout18 class f): numbers spoken in several words ("four and a half to six thousand dollars",
"four thousand five hundred" (folding writes "hundred" as "100" first)) written as digits, so the range and threshold rules read one number each.

Why: number words were made digits one word at a time, so "four thousand five hundred" (folding writes "hundred" as "100" first) became "4 thousand five 100"
(a range from 100 was read) and "four and a half to six thousand" left "four and a half" unread; both were answered
flagged with the wrong band. Only whole spoken forms are rewritten: "<n> and a half" before a range word ("to", "-",
"and", "through") is n.5 (the magnitude after the range's other end then applies to both, as for "between four and six
thousand"); "<n> thousand <m> hundred [and <k>]" is that sum."""

from __future__ import annotations

import re

from moat.ai.periods import NUMBER_WORDS

_TENS = {"thirteen": 13, "fourteen": 14, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "forty": 40,
         "fourty": 40, "fifty": 50, "seventy": 70, "eighty": 80}  # the counts NUMBER_WORDS leaves out
_UNITS = {w: n for w, n in NUMBER_WORDS.items() if " " not in w and w not in ("a", "an") and isinstance(n, int)
          and 0 < n < 100} | _TENS
_WORD = "|".join(sorted((re.escape(w) for w in _UNITS), key=len, reverse=True))
_N = r"(?:\d{1,3}|" + _WORD + r")"
_HALF_BEFORE_RANGE = re.compile(r"\b(?P<n>" + _N + r") and a half(?=\s+(?:to|-|and|through|thru)\s+\$?(?:\d|" + _WORD
                                + r")\b)")
# h129: "eight and a half thousand (dollars)", "two and a half k": n.5 of that magnitude wherever it stands
_HALF_MAGNITUDE = re.compile(r"\b(?P<n>" + _N + r") and a half(?=\s+(?:thousand|grand|k|million|m)\b)")
_THOUSANDS_HUNDREDS = re.compile(r"\b(?P<t>" + _N + r")\s+thousand\s+(?:and\s+)?(?P<h>" + _N + r")\s+(?:hundred|100)"
                                 r"(?:\s+and\s+(?P<k>" + _N + r")(?!\s*(?:k|thousand|grand|million|m|percent|%)\b))?\b")


def _value(word: str) -> int:
    return int(word) if word.isdigit() else _UNITS[word]


def spoken_numbers(text: str) -> str:
    """The folded question with the spoken numbers of the module docstring written as digits."""
    text = _HALF_BEFORE_RANGE.sub(lambda m: f"{_value(m['n'])}.5", text)
    text = _HALF_MAGNITUDE.sub(lambda m: f"{_value(m['n'])}.5", text)
    return _THOUSANDS_HUNDREDS.sub(
        lambda m: str(_value(m["t"]) * 1000 + _value(m["h"]) * 100 + (_value(m["k"]) if m["k"] else 0)), text)
