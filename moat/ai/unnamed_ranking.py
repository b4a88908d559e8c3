"""h99 (issue 15, heldout15): hours ranked with no kind of entity named ("lowest 3 on total hours", "top 3 by hours")
were read as clients, confidently, though hours are what technicians log and the user may have meant either. They are
now read as the technicians and flagged, naming the clients' reading; "who put in the least time" (a person putting in
time) is the technicians too."""

from __future__ import annotations

import re

from moat.ai import lexicon as lx
from moat.ai.reading import Reading

_HOURS_METRICS = ("hours", "billable_hours")
_ENTITY_WORDS = re.compile(r"\b(?:clients?|customers?|accounts?|techs?|technicians?|engineers?|staff|people|employees?|"
                           r"team|segments?|industr(?:y|ies)|verticals?|sectors?|products?|vendors?|"
                           r"who|whom|whose|which)\b")
# "three names", "3 of them please", "give me three": how many rows a ranking asks for, said apart from the noun
N_ASKED = re.compile(r"(?:\b(?:give|show|list|name|tell) me (?:the |just |only )?)(?P<n>" + lx.NUM + r")\b(?!\s*(?:percent|k\b|%))|"
                     r"\b(?<!every )(?<!each )(?<!any )(?P<m>" + lx.NUM + r")\s+(?:names?|of them|ones)\b")  # lead: "every one of them" is all
PUT_IN_TIME = re.compile(r"\bput(?:s|ting)?\s+in\b|\bclock(?:ed|s)?\b|\bspent\s+the\s+(?:most|least)\b")


def unnamed_hours_ranking(r: Reading) -> str | None:
    """"technician" (and the flag) for a ranking of hours with no entity named (module docstring), else None."""
    if r.metric not in _HOURS_METRICS or _ENTITY_WORDS.search(r.raw.lower()):
        return None
    r.confidence *= 0.6
    r.reasons.append("no kind named: technicians ranked by the hours they logged; ask 'clients by hours' for the hours "
                     "worked for each client")
    return "technician"


def n_asked(text: str) -> re.Match[str] | None:
    """The number of rows asked apart from the noun ("three names", "give me three"), or None; its group "n"."""
    m = N_ASKED.search(text)
    if m is None or m["n"]:
        return m
    return re.compile(r"\b(?P<n>" + lx.NUM + r")\b").search(text, m.start("m"))
