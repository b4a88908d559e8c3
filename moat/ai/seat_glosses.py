"""h78 (issue 15, held-out class: seat states written loosely): which seat count a question asks for when it
describes the state in its own words ("E3 seats handed to a user", "licences that have someone on them", "seats people
actually log into", "licences that saw real use") or glosses its words with the glossary's state ("in use by someone
(assigned)", "given to people, i.e. assigned", "- i.e. active -").

The glossary holds seats purchased, assigned (handed to a user) and active (in use). A state written in brackets or
after "i.e." / "aka" / "meaning" is the user's own definition of the words beside it, so it decides, even against a
state word those words contain ("in use by someone (assigned)" asked the seats assigned, 37, and was answered with the
seats purchased, 39). Without a gloss, loose words of exactly one state are that state's count. "In use by someone"
alone may be either (a seat with a user on it, or a seat someone uses): the active count ("in use" is active in the
glossary) is answered, flagged, with the assigned count offered. Words of two states with no gloss keep the older rules
(``moat.ai.seat_words``: a ratio, a difference, or a flagged reading).
"""

from __future__ import annotations

import re

from moat.ai.reading import Reading

_WHO = r"(?:(?:a|an|the|some|our|their)\s+)?(?:users?|people|persons?|someone|somebody|staff|employees?|members?|individuals?|named\s+users?)"
# loose words of each state (the text is folded: lower case, "licences" written "licenses")
LOOSE = {
    "assigned": [
        re.compile(r"\b(?:handed|given|issued|allocated|assigned)\s+(?:out\s+)?(?:to\s+)?" + _WHO + r"\b"),
        re.compile(r"\b(?:taken|claimed|held|owned)\s+by\s+" + _WHO + r"\b"),
        re.compile(r"\b(?:have|has|had|with|having)\s+(?:(?:a|an|some)\s+)?(?:users?|people|persons?|someone|somebody|owners?|"
                   r"names?|employees?)\s+(?:on|attached|assigned|tied|linked)(?:\s+to)?(?:\s+(?:them|it))?\b"),
        re.compile(r"\b(?:attached|tied|linked|bound)\s+to\s+" + _WHO + r"\b"),
        re.compile(r"\b(?:occupied|filled|taken)\s+(?:seats?|licenses?)\b|\b(?:seats?|licenses?)\b(?:\s+[\w']+){0,4}?\s+"
                   r"(?:(?:that|which)\s+)?(?:(?:are|were|is|was|been|being)\s+)+(?:occupied|filled|taken)(?:\s+by\s+" + _WHO
                   + r")?\b|\b(?:seats?|licenses?)\s+(?:occupied|filled|taken)\b|"
                   r"\b(?:occupied|filled)\s+by\s+" + _WHO + r"\b"),
    ],
    "active": [
        re.compile(r"\b(?:people|users?|someone|somebody|anyone|anybody|staff|employees?)\s+(?:(?:actually|really|regularly|"
                   r"still)\s+)?(?:log(?:s|ged)?\s+(?:in(?:to)?|on(?:to)?)|sign(?:s|ed)?\s+(?:in(?:to)?|on(?:to)?)|uses?|used|"
                   r"open(?:s|ed)?)(?:\s+(?:to|them|it))*\b"),
        re.compile(r"\b(?:saw|see|sees|seen|got|get|gets|getting|had|have|has|with)\s+(?:(?:real|actual|any|regular|genuine)\s+)?"
                   r"(?:use|usage|activity|logins?|log-?ins?|sign-?ins?)\b"),
        re.compile(r"\b(?:with|having)\s+(?:(?:a|an|some)\s+)?(?:someone|somebody|people|users?)\s+(?:signing|logging)\s+"
                   r"(?:in(?:to)?|on)(?:\s+to)?(?:\s+(?:them|it))?\b"),
        re.compile(r"\bin\s+(?:active|real|actual|regular)\s+use\b"),
    ],
}
# "in use by someone": a seat with a user on it, or a seat someone uses
_EITHER = re.compile(r"\b(?:in\s+use|used|being\s+used)\s+by\s+(?:(?:a|an|the|some)\s+)?(?:users?|people|persons?|"
                     r"someone|somebody|anyone|anybody|staff|employees?)\b")
_KIND = {"assigned": "assigned", "allocated": "assigned", "active": "active", "in use": "active", "in-use": "active",
         "purchased": "purchased", "bought": "purchased"}
_STATE = r"(?P<state>assigned|allocated|active|in use|in-use|purchased|bought)"
# the gloss, as typed (brackets and dots are gone from the folded text)
_GLOSS = re.compile(r"\(\s*(?:i\.?\s?e\.?,?\s*|aka\s+|meaning\s+|=\s*|that is,?\s*)?(?:the\s+)?" + _STATE
                    + r"(?:\s+(?:ones|seats?|licen[cs]es?|only))?\s*\)|"
                    r"\b(?:i\.?\s?e\.?|aka|meaning|that is|in other words)\s*,?\s*(?:the\s+)?" + _STATE.replace("state", "state2")
                    + r"\b")
_GLOSS_WORDS = re.compile(r"\b(?:i\.?e\.?|ie|aka|meaning|that is|in other words)\s+(?:the\s+)?" + _STATE + r"(?:\s+(?:ones|only))?\b|"
                          r"\b" + _STATE.replace("state", "bare") + r"\s+(?:ones|only)\b")
_SEAT = re.compile(r"\b(?:seats?|seat-months|licenses?|subscriptions?)\b")
_COUNT = re.compile(r"\bhow many\b|\bnumber of\b|\bcount\b|\bseat count\b")
_NOT_A_COUNT = re.compile(r"\b(?:percent(?:age)?s?|share|proportion|fraction|ratio|rate|portion|costs?|spend|spent|money|waste|"
                          r"wasted|unused|idle|inactive|spare|not|never|nobody|no one|but|minus|less|revenue|profit|margin|"
                          r"hours?)\b|[%$]")
_STATE_WORD = re.compile(r"\b(?:assigned|allocated|active|in use|in-use|purchased|bought)\b")


def glossed_or_loose(r: Reading) -> bool:
    """Read the seats assigned / active from a gloss or from loose words (module docstring); returns whether it did."""
    if r.metric is not None or _NOT_A_COUNT.search(r.text) or _NOT_A_COUNT.search(r.raw.lower()):
        return False
    seat = _SEAT.search(r.text)
    if seat is None and "product" not in r.filters:
        return False
    loose = {kind: [m for p in patterns for m in p.finditer(r.text)] for kind, patterns in LOOSE.items()}
    either = list(_EITHER.finditer(r.text))
    gloss = _GLOSS.search(r.raw.lower())
    said = {_KIND[m.group(0)] for m in _STATE_WORD.finditer(r.text)}
    if gloss is not None:
        kind = _KIND[gloss["state"] or gloss["state2"]]
        r.reasons.append(f"'{gloss.group(0).strip('() ')}' says what the words beside it mean: the seats {kind} counted")
    else:
        kinds = {k for k, found in loose.items() if found}
        if len(kinds) != 1 or (said - kinds) or either:
            return _either(r, either, loose, said, seat)
        kind = kinds.pop()
        r.reasons.append(f"'{' '.join(loose[kind][0].group(0).split())}' read as the seats {kind} counted")
    r.metric, r.unit = f"seats_{kind}", "seats"
    for m in (*(m for found in loose.values() for m in found), *either, *_GLOSS_WORDS.finditer(r.text),
              *_STATE_WORD.finditer(r.text), *_COUNT.finditer(r.text), *([seat] if seat else [])):
        r.use(m.span())
    return True


def _either(r: Reading, either: list[re.Match[str]], loose: dict[str, list[re.Match[str]]], said: set[str],
            seat: re.Match[str] | None) -> bool:
    """"In use by someone" with no gloss and no other state: the active count, flagged, the assigned count offered."""
    if not either or any(loose.values()) or said - {"active"}:
        return False
    r.metric, r.unit = "seats_active", "seats"
    r.candidates = ["seats_active", "seats_assigned"]
    r.confidence *= 0.6
    for m in (*either, *_STATE_WORD.finditer(r.text), *_COUNT.finditer(r.text), *([seat] if seat else [])):
        r.use(m.span())
    r.reasons.append(f"'{' '.join(either[0].group(0).split())}': 'in use' is the seats active (in use); if you meant "
                     "the seats handed to a user, ask for the seats assigned")
    return True
