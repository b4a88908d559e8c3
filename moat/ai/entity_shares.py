"""h58 (issue 15, reviewer h52's D19): "share of billable hours by technician" asks for each technician's part of the
billable hours (their hours over everyone's), a split of one total. The unit rule read "share" as "a percent is
asked" and swapped hours for utilisation against capacity, a third measure, at full confidence. Each entity's share
of a total is not a figure I list, so the question is refused, naming the two figures that are held."""

from __future__ import annotations

import re

from moat.ai import lexicon as lx
from moat.ai.catalogue import METRICS
from moat.ai.reading import Parse, Reading

_SHARE_OF_HOURS = re.compile(r"\b(?:share|proportion|portion|split|slice|fraction)s? of (?:(?:the|our|all|total|"
                             r"overall) )*(?P<what>billable hours|billable time|hours(?: worked| logged)?)\b")
_KINDS = {name: p for name, p in lx.GROUP_PATTERNS if name in ("technician", "client")}
_NOUN = "|".join(f"(?P<{name}>{p})" for name, p in _KINDS.items())
_EACH = re.compile(r"\b(?:by|per|each|every|for each|for every)\s+(?:" + _NOUN + ")")


def share_of_hours_per_entity(r: Reading) -> Parse | None:
    """Refuse "each one's share of the hours" rather than answer a utilisation (see the module docstring)."""
    if r.metric not in ("hours", "billable_hours") or r.filters:
        return None
    share = _SHARE_OF_HOURS.search(r.text)
    each = _EACH.search(r.text)
    if share is None or each is None:
        return None
    if "billable" not in share["what"] and re.search(r"\b(?:billable|billed|chargeable)\b", r.text):
        return None  # "share of hours that were billable, by technician": the billable share, each technician's own
    kind = next(name for name in _KINDS if each[name])
    label = METRICS[r.metric].label
    return r.refuse(
        f"I can't list each {kind}'s share of the total {label} (their {label} over everyone's). Ask for {label} by "
        f"{kind} (each {kind}'s hours, listed), or for billable share by {kind} (each one's billable hours over the "
        "hours they worked).",
        [f"{label} by {kind} last quarter", f"billable share by {kind} last quarter"])
