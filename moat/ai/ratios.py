"""Seat ratios read from their words: which state of a seat is counted (numerator) and out of which (denominator).

"What % of *assigned* seats are *in use*" is active / assigned (licence activity), "what % of *purchased* seats are
*assigned*" is assigned / purchased (licence utilisation). The denominator is the state written after "of" (or
after "the seats we ..."), the numerator the other state named. A pair the glossary has no ratio for ("what % of
purchased seats are active") is refused, naming the two it has, never answered as the nearest one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The states of a seat, in the words people use for them (folded text: "licences" is "licenses").
STATES: dict[str, str] = {
    "purchased": r"purchased|bought|buy|buys|paid for|pay for|subscribed(?: to)?|on (?:the|our) (?:bill|invoice)",  # h93: "buy"
    "assigned": r"assigned|allocated|handed out|given out|deployed|provisioned",
    "active": r"active|in use|in-use|being used|actually used|used|utilized|logged in",  # h93: "in-use seats"
    "unused": r"unused|idle|inactive|spare|not (?:being )?used|not in use|not active|wasted",
}
_STATE = re.compile("|".join(rf"\b(?P<{k}>{p})\b" for k, p in STATES.items()))
SEAT = re.compile(r"\b(?:seats?|licenses?|subscriptions?)\b")
_SHARE = re.compile(r"\b(?:percent(?:age)?|share|proportion|fraction|ratio)\b")
# the state is the denominator when it qualifies the seats "of" which a share is taken: "of (the) assigned seats",
# "of the seats we bought", "out of purchased licences"
_OF_BEFORE = re.compile(r"\b(?:of|out of)\s+(?:(?:the|our|all|total|those|these|every|each)\s+)?(?:\w+\s+){0,2}?$")
_SUBJECT_BEFORE = re.compile(r"\b(?:seats?|licenses?|subscriptions?)\s+(?:(?:that|which)\s+)?(?:we|you|they|i)"
                             r"(?:'ve\s+|'d\s+|\s+(?:have\s+|had\s+)?)(?:\w+\s+)?$")  # h29: "we've" contracted too
_NOUN_AFTER_OF = re.compile(r"\b(?:of|out of)\s+(?:(?:the|our|all|total|those|these)\s+)?(?:\w+\s+){0,2}?"
                            r"(?:seats?|licenses?|subscriptions?)\s+$")

_RATIO_OF = re.compile(r"\b(?:ratio|rate)\s+of\s+(?:the\s+)?$")
# (numerator, denominator) -> the glossary's metric
GLOSSARY = {("assigned", "purchased"): "license_utilization", ("active", "assigned"): "license_activity"}
HAVE = "licence utilisation (assigned / purchased seats) and licence activity (active / assigned seats)"


@dataclass(frozen=True)
class SeatRatio:
    numerator: str
    denominator: str
    spans: tuple[tuple[int, int], ...]  # the words of both states, the seat noun and the share word

    @property
    def metric(self) -> str | None:
        return GLOSSARY.get((self.numerator, self.denominator))

    def refusal(self) -> str:
        return (f"The glossary has no ratio of {self.numerator} to {self.denominator} seats: it has {HAVE}. "
                "Ask for one of those, or for the two seat counts.")


def seat_ratio(text: str, partitive: re.Match[str] | None = None) -> SeatRatio | None:
    """The seat ratio a question writes out with two states of a seat, or None (fewer than two states, no share
    word, or no state that reads as the denominator). h93: ``partitive`` ("of the seats we assigned, how many were
    active") stands for the share word."""
    seat, share = SEAT.search(text), _SHARE.search(text) or partitive
    if seat is None or share is None:
        return None
    found = [(m.lastgroup or "", m.span()) for m in _STATE.finditer(text)]
    if len({kind for kind, _ in found}) < 2:
        return None
    denominator = None
    for kind, (start, _end) in found:
        before = text[:start]
        if _RATIO_OF.search(before):  # "the ratio of active to assigned": the first state is the numerator
            continue
        if _OF_BEFORE.search(before) and SEAT.match(text, _next_word(text, _end)) or _SUBJECT_BEFORE.search(before) \
                or _NOUN_AFTER_OF.search(before) or re.search(r"\b(?:as\s+an?\s+\w+|percent(?:age)?)\s+of\s+(?:\w+\s+)?$", before):
            denominator = kind
            break
    if denominator is None:
        denominator = _attributive(text, found)
    if denominator is None:
        return None
    numerator = next((kind for kind, _ in found if kind != denominator), None)
    if numerator is None:
        return None
    spans = tuple(span for _, span in found) + (seat.span(), share.span())
    return SeatRatio(numerator, denominator, spans)


def _attributive(text: str, found: list[tuple[str, tuple[int, int]]]) -> str | None:
    """h82: "how many *assigned* (Huntress) licences were in use, as a percent": with no "of" to say it, the state
    written on the seat noun itself is the base of the share when the other state is said of the seats after it (the
    seats named are the whole, their predicate the part), never the nearest glossary ratio of the two words."""
    for kind, (_start, end) in found:
        noun = SEAT.match(text, _next_word(text, end))
        if noun is not None and any(other != kind and at[0] >= noun.end() for other, at in found):
            return kind
    return None


def _next_word(text: str, end: int) -> int:
    """Where the next word after ``end`` starts (skipping blanks and up to two name-blanked gaps)."""
    m = re.compile(r"\s*(?:\w+\s+){0,2}?(?=(?:seats?|licenses?|subscriptions?)\b)|\s*").match(text, end)
    return m.end() if m else end
