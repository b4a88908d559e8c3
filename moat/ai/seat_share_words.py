"""h93 (issue 15): the words of a seat ratio written without a share word or a slash, as declarations.

- ``SEAT_SHARE_FOLD`` (folded before any step, beside h91's division fold): two states joined by "of" ("active-of-
  assigned", "assigned of purchased seats") and a rate of use said of the assigned seats ("usage rate of assigned
  seats", "in-use rate of the assigned licences") are written as the slash of the two states ("active / assigned
  seats") that the seat-ratio rules read (``moat.ai.seat_words``).
- The states a share of seats is taken of, for ``moat.ai.seat_shares`` ("under 85% of their seats assigned").
"""

from __future__ import annotations

import re

_NOUN = r"(?:seats?|licen[cs]es?|subscriptions?)"
_NUM = r"(active|in[- ]use|used|assigned|allocated)"  # the part
_DEN = r"(assigned|allocated|purchased|bought)"  # the whole
_AS_STATE = {"in use": "active", "in-use": "active", "used": "active", "allocated": "assigned", "bought": "purchased"}
_SHARE_OF = r"(?:fraction|share|proportion|percent(?:age)?|part|portion|ratio)\s+of"
# seats said to have been used: "saw (any) use", "got used", "were actually in use", "had activity", "were active"
_SAW_USE = (r"(?:(?:that|which)\s+)?(?:(?:have|has|had|were|was|are|is|got|get|actually|really|ever|been|being)\s+)*"
            r"(?:(?:saw|seen|see|sees|seeing|got|get|had|have|showed|show)\s+(?:any\s+|some\s+|real\s+|actual\s+)?"
            r"(?:use|usage|activity|action|sign-?ins?|logins?)|used|in[- ]use|active|utilized)")
_USE_RATE = r"(?:usage|use|in[- ]use|activity|active[- ]use)\s+(?:rate|ratio|percentage|percent|share|level)"


def _state(word: str) -> str:
    return _AS_STATE.get(word, word)


SEAT_SHARE_FOLD = [
    # "active-of-assigned licences", "assigned of purchased seats": the first state over the second
    (r"\b" + _NUM + r"[- ]of[- ](?:the[- ])?" + _DEN + r"\b(?:\s+" + _NOUN + r")?",
     lambda m: f"{_state(m[1])} / {_state(m[2])} seats" if _state(m[1]) != _state(m[2]) else m[0]),
    # "usage rate of (Harbor's) assigned (M365) seats": the seats in use over the seats assigned; the words between are
    # kept (a name, a product)
    (r"\b" + _USE_RATE + r"\s+(?:of|on|for|among|across)\s+((?:the\s+|our\s+|all\s+)?(?:[\w']+\s+){0,3}?)"
     r"(?:assigned|allocated|handed[- ]out)\s+((?:[\w']+\s+){0,4}?)" + _NOUN + r"\b",
     r"\1\2active / assigned seats"),
    # h128: a share of the ASSIGNED seats that saw / got use ("what fraction of assigned E3 seats saw use", "the share of
    # our allocated licences that were actually used"): the seats in use over the seats assigned (licence activity),
    # never the assigned over the purchased; the words between are kept (a name, a product)
    (r"\b(" + _SHARE_OF + r")\s+((?:the\s+|our\s+|all\s+)?(?:[\w']+\s+){0,3}?)(?:assigned|allocated|handed[- ]out)\s+"
     r"((?:[\w']+\s+){0,4}?)" + _NOUN + r"\s+" + _SAW_USE + r"\b", r"\1 \2\3active / assigned seats"),
]

# --- a share of seats with a threshold ("fewer than 85% of their seats assigned") ----------------------------------
SHARE_STATES: dict[str, str] = {
    "purchased": r"purchased|bought|paid for|pay for|pays for|paying for|subscribed to|subscribe to|own|hold|have|has|had",
    "assigned": r"assigned|allocated|handed[- ]out|given out|deployed|provisioned",
    "active": r"active|in use|in-use|being used|actually used|used|utilized|being utilized",
}
# the state said as the subject's verb before the share ("actively using under 80% of ...", "have assigned under 85%
# of ...")
VERB_STATES: dict[str, str] = {
    "active": r"(?:actively\s+)?(?:using|use|uses|used|utilizing|utilize|utilizes)|(?:have|has|had)\s+(?:in use|active)",
    "assigned": r"(?:have|has|had|having)\s+(?:assigned|allocated|handed out|given out)|assigning|assign|assigns|"
                r"allocating|allocate|allocates|handing out|hand out|hands out",
}
SEAT_NOUN = r"(?:seats?|licenses?|subscriptions?|seat-months)"
# the share written as a number of percent followed by "of" (a threshold the threshold step read)
PERCENT_OF = re.compile(r"\d+(?:\.\d+)?\s*(?:%|percent|pct|per cent)\s+of\b")
