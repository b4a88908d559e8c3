"""h57 (issue 15, reviewer h51's D18): "total assigned seats", "active Huntress seats", "how many Microsoft seats are
actually being used" ask for the seats handed out or in use, a count the licence rows hold (seats_assigned,
seats_active). They were answered with the seats purchased and "assigned" / "active" left unread. A seat noun with
"assigned / allocated" or "active / in use / (being) used" beside it, and no share word (a percentage of seats is a
ratio: ``moat.ai.ratios``) nor a second state ("assigned but not active": ``lexicon.ASSIGNED_INACTIVE``), is that
count."""

from __future__ import annotations

import re

from moat.ai.reading import Reading

_SEAT = r"(?:seats|licenses|seat-months)"
_BE = r"(?:(?:that|which) )?(?:(?:are|were|is|was|got|get|been|being) )*(?:(?:actually|really|currently|now) )*"
ASSIGNED = re.compile(rf"\b(?:assigned|allocated|handed out) {_SEAT}\b|\b{_SEAT} {_BE}(?:assigned|allocated|handed out)\b")
ACTIVE = re.compile(rf"\b(?:active|in-use) {_SEAT}\b|\b{_SEAT} {_BE}(?:active|in use|used)\b|"
                    rf"\b{_SEAT} (?:(?:\w+ ){{0,3}})?(?:actually|really) (?:being )?used\b")
_NOT_A_COUNT = re.compile(r"\b(?:percent(?:age)?|share|proportion|fraction|ratio|rate|not|unused|inactive|idle|but|minus|"
                          r"cost|costs|spend|money|waste|wasted)\b|\$")


def seat_state(r: Reading) -> bool:
    """Sets the seats assigned / active count when the question asks for one (module docstring)."""
    if r.metric is not None or _NOT_A_COUNT.search(r.text):
        return False
    said = re.sub(r"\s+", " ", r.text)
    if re.search(r"\b(?:assigned|allocated|purchased|bought)\b", said) and re.search(r"\b(?:active|in use|used)\b", said):
        return False  # two states named ("active of assigned", "purchased minus active"): a ratio or a difference
    assigned, active = ASSIGNED.search(said), ACTIVE.search(said)
    if bool(assigned) == bool(active):
        return False
    r.metric = "seats_assigned" if assigned else "seats_active"
    pattern = ASSIGNED if assigned else ACTIVE
    for m in re.finditer(pattern.pattern.replace(" ", r"\s+"), r.text):
        r.use(m.span())
    r.reasons.append(f"seats {'assigned' if assigned else 'active (in use)'} counted, not the seats purchased")
    return True
