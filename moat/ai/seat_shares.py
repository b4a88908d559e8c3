"""h93 (issue 15): a seat ratio asked as a threshold on a share of seats ("clients with fewer than 85% of their seats
assigned", "which clients actively use under 80% of their assigned seats", "under 80% of assigned licences active").

The share ("N% of") is the threshold the ranking step read; what it is a share of decides the ratio:
- the whole is the state said of the seats after "of" ("of their *assigned* seats", "of the seats *they were
  assigned*", "of the licences *assigned to them*"), else the seats the client holds (purchased);
- the part is the state the client does to the share ("*actively using* under 80% of ...", "*have assigned* under
  85% of ...") or, when none, the state said of the seats after them ("of their seats *assigned*").
Assigned over purchased is licence utilisation, active over assigned licence activity; a pair the glossary has no
ratio for (active over purchased) is refused naming the two it has, never answered as the nearest one. Any other
shape is left to the existing seat rules.
"""

from __future__ import annotations

import re

from moat.ai.lexicon import MONEY_CUE, PAID_FOR_PRODUCT
from moat.ai.ratios import GLOSSARY, HAVE, SEAT, seat_ratio
from moat.ai.reading import Parse, Reading
from moat.ai.seat_share_words import PERCENT_OF, SEAT_NOUN, SHARE_STATES, VERB_STATES

_STATE = "|".join(rf"(?P<{k}>{p})" for k, p in SHARE_STATES.items())
_VERB = re.compile("|".join(rf"\b(?P<{k}>{p})\b" for k, p in VERB_STATES.items()))
_OWNED = r"(?:(?:all\s+(?:of\s+)?)?(?:their|the|its|our|his|her|all)\s+)"
# "     of their assigned seats": "of" right after the blanked share, the whole's state (if any) on the noun
_OF = re.compile(rf"\s{{3,}}(?P<of>of)\s+{_OWNED}?(?:(?P<den>{'|'.join(SHARE_STATES.values())})\s+)?(?:[\w'-]+\s+|\s+){{0,4}}?"
                 rf"(?P<noun>{SEAT_NOUN})\b")
_SUBJECT = r"(?:(?:that|which)\s+)?(?P<subject>(?:they|we|it|he|she|you)\s+)?"
_AUX = r"(?:(?:are|were|is|was|have been|has been|had been|got|get|been|being|currently|actually|really)\s+)*"
_AFTER = re.compile(rf"\s+{_SUBJECT}{_AUX}(?:{_STATE})\b(?P<to>\s+(?:to|for)\s+(?:them|it|him|her|each)\b)?")


# "of the seats we assigned, how many were active", "how many of our assigned licences are in use": a part of seats
# counted out of a whole named by its state
_PARTITIVE = re.compile(r"\bof\s+(?:the|our|all|those|these|their)\s+(?:[\w']+\s+){0,4}?(?:seats?|licenses?)\b.*?"
                        r"(?P<how>\bhow many\b)|(?P<how2>\bhow many\b)\s+of\s+(?:the\s+|our\s+|their\s+|its\s+)?")
_SHARE_WORD = re.compile(r"\b(?:percent(?:age)?s?|share|proportion|fraction|ratio|rate)\b")
_UNIT_SAID = re.compile(r"\b(?:in|as(?: an?)?)\s+(?:percent(?:age)?s?|percentage terms|share|fraction|proportion|ratio)\b")


def seat_shares(r: Reading) -> Parse | None:
    """The seat ratios of this module: a share threshold, then a part counted out of a whole (module docstring)."""
    if (refused := seat_share_threshold(r)) is not None or r.metric is not None:
        return refused
    if (refused := unassigned_seats(r)) is not None or r.metric is not None:
        return refused
    paid_for_ratio(r)
    partitive_ratio(r)
    return None


_UNASSIGNED = re.compile(rf"\b(?:unassigned|unallocated|not[- ]yet[- ]assigned)\s+(?:[\w'-]+\s+|\s+){{0,4}}?{SEAT_NOUN}\b|"
                         rf"\b{SEAT_NOUN}\s+(?:(?:we|you|they|i)\s+(?:\w+\s+){{0,2}}?)?(?:(?:that|which)\s+)?"
                         r"(?:(?:are|were|is|was|have|has|had|been|still)\s+)*"
                         r"(?:(?:not|never|n't)\s+(?:yet\s+)?(?:been\s+)?(?:assigned|allocated|handed\s+out|given\s+out)|"
                         r"unassigned|unallocated)\b|\b(?:unassigned|unallocated)(?=\s{2,})")


def unassigned_seats(r: Reading) -> Parse | None:
    """The lead's probe: "unassigned seats" (bought, handed to nobody) are seats purchased - assigned, a count
    (``seats_unassigned``), never the seats purchased (read at 0.98 before) nor the unused ones (purchased - active);
    their cost is no glossary figure: refused, naming the count and licence waste."""
    if r.metric is not None:
        return None
    m = _UNASSIGNED.search(r.text)
    if m is None or (m.group(0).strip() in ("unassigned", "unallocated") and "product" not in r.filters):
        return None
    if MONEY_CUE.search(r.text):
        return r.refuse("The cost of unassigned seats is not a figure I hold: I can count them (seats purchased - "
                        "assigned), or give licence waste, the cost of unused seats (purchased - active).",
                        ["How many unassigned seats did we have last month?", "What was our licence waste last month?"])
    r.metric, r.unit = "seats_unassigned", "seats"
    r.use(m.span())
    r.reasons.append("unassigned seats: purchased - assigned (bought and handed to nobody), not the unused ones "
                     "(purchased - active)")
    return None


def paid_for_ratio(r: Reading) -> None:
    """"Of the Microsoft licences we pay for, what proportion were handed out": a seat ratio whose whole is the seats
    paid for, read before "what we pay for <product>" takes it as licence cost (``lexicon.PAID_FOR_PRODUCT``)."""
    if r.metric is not None or not _SHARE_WORD.search(r.text) or not r.has(PAID_FOR_PRODUCT):
        return
    ratio = seat_ratio(r.text)
    if ratio is None or ratio.metric is None:
        return
    r.metric = ratio.metric
    for span in ratio.spans:
        r.use(span)


def partitive_ratio(r: Reading) -> None:
    """"Of the seats we assigned, how many were active": a count or a share? Read as the share (the seat ratio of the
    two states), flagged, naming the count as the other reading; left alone when a share word or a threshold is said
    (the ratio rules read those) or the two states make no glossary ratio."""
    said = _UNIT_SAID.search(r.text)  # h123: "how many of the licences we buy got assigned, as a fraction"
    if r.metric is not None or r.threshold_raw is not None or not SEAT.search(r.text) \
            or (_SHARE_WORD.search(r.text) and said is None):
        return
    part = _PARTITIVE.search(r.text)
    if part is None:
        return
    ratio = seat_ratio(r.text, part)
    if ratio is None or ratio.metric is None:
        return
    r.metric, r.unit = ratio.metric, "percent"
    for span in ratio.spans:
        r.use(span)
    r.use(part.span("how") if part["how"] else part.span())  # h123: "how many of the": the partitive's own words
    if said is not None:  # the share said outright: the count is not the question
        r.use(said.span())
        r.reasons.append(f"'how many' of the {ratio.denominator} seats were {ratio.numerator}, '{said.group(0)}': their "
                         f"share ({ratio.numerator} / {ratio.denominator})")
        return
    r.confidence *= 0.65
    r.reasons.append(f"'how many' of the {ratio.denominator} seats were {ratio.numerator}: read as their share "
                     f"({ratio.numerator} / {ratio.denominator}); ask 'how many seats were {ratio.numerator}' for the count")


# the part named as the subject before the share: "(their) assigned seats are / were / at"
_SUBJECT_SEATS = re.compile(rf"\b(?:{_STATE})\s+{SEAT_NOUN}\s+(?:(?:are|were|is|was|at|sit|sat|stand|stood|came to|"
                            rf"come to|ran|run)\s+)?\s*$")


def _kind(m: re.Match[str]) -> str:
    return next(k for k in SHARE_STATES if m.group(k))


def seat_share_threshold(r: Reading) -> Parse | None:
    """Reads the seat ratio of a share threshold (module docstring): sets the metric, or refuses a pair the glossary
    lacks; returns None and leaves the reading alone for any other question."""
    if r.metric is not None or r.threshold_raw is None or not r.threshold_raw[3] or not PERCENT_OF.search(r.raw.lower()):
        return None
    of = _OF.search(r.text)
    if of is None:
        return None
    spans = [of.span("of"), of.span("noun")]
    whole = next((k for k, p in SHARE_STATES.items() if of["den"] and re.fullmatch(p, of["den"])), None)
    if whole is not None:
        spans.append(of.span("den"))
    part = None
    verbs = list(_VERB.finditer(r.text[:of.start("of")]))
    before = _SUBJECT_SEATS.search(r.text[:of.start("of")])
    if verbs:  # the last verb before the share is the one it is the object of
        verb = verbs[-1]
        part = next(k for k in VERB_STATES if verb.group(k))
        spans.append(verb.span())
    elif before is not None:  # "assigned seats are under 85% of purchased seats": the seats before are the part
        part = _kind(before)
        spans.append(before.span())
    at = of.end("noun")
    for _ in range(2):  # after the noun: the whole said by a clause ("they were assigned"), then the part
        after = _AFTER.match(r.text, at)
        if after is None:
            break
        kind = _kind(after)
        if after["subject"] or after["to"] or part is not None:
            if whole is not None:
                break
            whole = kind  # "of the seats they pay for", "of the licences assigned to them"
        else:
            part = kind  # "of their seats assigned"
        spans.append((after.start() + len(after.group(0)) - len(after.group(0).lstrip()), after.end()))
        at = after.end()
    if whole is None and part != "purchased":
        whole = "purchased"  # "of their seats": the seats the client holds
    if part is None or part == whole or whole == "active":
        return None
    metric = GLOSSARY.get((part, whole))
    if metric is None:
        return r.refuse(f"The glossary has no ratio of {part} to {whole} seats: it has {HAVE}. Ask for one of those, or "
                        "for the two seat counts.", [f"How many clients had under 80% of their {d} seats {n} last month?"
                                                     for n, d in (("assigned", "purchased"), ("active", "assigned"))])
    for span in spans:
        r.use(span)
    r.metric, r.unit = metric, "percent"
    r.reasons.append(f"a share of seats as a threshold: {part} / {whole} seats "
                     f"({'licence activity' if metric == 'license_activity' else 'licence utilisation'})")
    return None
