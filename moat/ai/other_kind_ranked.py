"""h139 (h133 M): "who does most of the work on Meridian in Q1", "where does Priya spend most of her hours" rank the
OTHER kind of entity over the one named: Meridian's technicians by hours, Priya's clients by hours. The ranking was
kept on the kind named, filtered to that one name ("top client by hours, for client Meridian": Meridian itself, 383.5
h at 0.85), which answers nothing: a ranking of one row that is the name asked about.

A ranking (order and limit) of hours, billable or non-billable hours over clients (technicians) filtered to exactly
one client (technician) is turned to the other kind, over that name's time entries (as "Priya's top 3 clients by
hours" and "Harbor hours by technician" already read); the reason says so. "What does Priya mostly / mainly work
on" (hours of one name, no ranking) is the top one of the other kind the same way, not her total hours."""

from __future__ import annotations

import re
from dataclasses import replace

from moat.ai.catalogue import Intent
from moat.ai.reading import Reading

_OTHER = {"client": "technician", "technician": "client"}
_TIME = ("hours", "billable_hours", "non_billable_hours")
_MOSTLY = re.compile(r"\b(?:mostly|mainly|chiefly|primarily|largely)\b")


def other_kind_ranked(r: Reading, intent: Intent) -> Intent:
    """The ranking turned to the other kind when it would rank the one name filtered (module doc)."""
    if intent.metric not in _TIME or intent.compared or intent.count or intent.threshold is not None:
        return intent
    if intent.order is None and intent.limit is None and len(intent.filters) == 1 and intent.filters[0][0] in _OTHER \
            and len(intent.filters[0][1]) == 1 and intent.grouping in ("company", intent.filters[0][0]) \
            and _MOSTLY.search(r.raw.lower()):
        kind, (name,) = intent.filters[0]
        r.reasons.append(f"'mostly' asks which {_OTHER[kind]} takes most of {name}'s hours: the top one by hours")
        return replace(intent, grouping=_OTHER[kind], order="desc", limit=1, notes=(*intent.notes, r.reasons[-1]))
    if intent.grouping not in _OTHER or intent.order is None or intent.limit is None:
        return intent
    if [kind for kind, _ in intent.filters] != [intent.grouping] or len(intent.filter(intent.grouping)) != 1:
        return intent
    name, other = intent.filter(intent.grouping)[0], _OTHER[intent.grouping]
    r.reasons.append(f"a ranking of {intent.grouping}s filtered to {name} alone ranks nothing: the {other}s ranked over "
                     f"{name}'s time entries")
    return replace(intent, grouping=other, notes=(*intent.notes, r.reasons[-1]))
