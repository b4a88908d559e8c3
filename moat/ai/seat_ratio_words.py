"""h91 (issue 15): two seat states written as a division in words or with the division sign ("assigned ÷ purchased",
"seats assigned divided by seats purchased", "active out of assigned") folded to the slash the seat-ratio rules read
("assigned / purchased seats": licence utilisation; "active / assigned": licence activity). Only a seat state on
both sides is folded: "revenue divided by hours" and "3 out of 5 clients" are left as typed."""

from __future__ import annotations

_NOUN = r"(?:seats?|licen[cs]es)"
_STATE = r"(?:assigned|active|in use|used|purchased|bought|paid for)"
SEAT_RATIO_FOLD = [
    (r"\s*÷\s*", " / "),
    (r"\b(?:" + _NOUN + r"\s+)?(" + _STATE + r")(?:\s+" + _NOUN + r")?\s*(?:/|divided\s+by|out\s+of|over|as\s+a\s+"
     r"(?:share|fraction|proportion)\s+of)\s*(?:" + _NOUN + r"\s+)?(" + _STATE + r")(?:\s+" + _NOUN + r")?\b",
     r"\1 / \2 seats"),
]
