"""h99 (issue 15, heldout15): technicians ranked on "the lowest / highest share of billable hours" or on "the share of
their hours that were billable" are ranked on their own billable share (billable hours / hours worked, per
technician). It was read as the share of ALL billable hours held by the bottom N together, one confident fraction
answering another question. A superlative right before the share, or "their hours ... billable", says it is each
one's own ratio; "each technician's share of the billable hours" (no ranking: h58, refused) and "the top 3 techs'
share of billable hours" (a possessive: their part of the total) are left to the existing rules."""

from __future__ import annotations

import re

_SUP = r"(?:lowest|highest|smallest|biggest|largest|least|most|greatest|lower|higher|worst|best|low|high)"
_RATIO = r"(?:share|proportion|percentage|percent|fraction|ratio|part)"
_JOINED = re.compile(r"\bbillable(?:-hours?)?-share\b|\bbillable-hours?\s+share\b")
_TECHS = re.compile(r"\b(?:techs?|technicians?|engineers?|who|staff|people|team members?)\b")
_OWN = re.compile(r"\b(?P<sup>" + _SUP + r")\s+" + _RATIO + r"\s+of\s+(?:their\s+|his\s+|her\s+)?(?:the\s+)?billable[- ]"
                  r"(?:hours?|time|work)\b(?!\s+(?:of|across|for)\s+(?:the\s+)?(?:total|all|team|company|everyone))|"
                  r"\b" + _RATIO + r"\s+of\s+their\s+(?:hours|time)\s+(?:that\s+)?(?:was|were|is|are)?\s*billable\b")


def own_billable_share(text: str) -> tuple[str, list[str]]:
    """The text with such a phrase read as "billable share" (keeping its superlative), and the reasons to report."""
    if not _TECHS.search(text):
        return text, []
    text = _JOINED.sub("billable share", text)  # "billable-share techs", "billable-hours share": the same measure
    m = _OWN.search(text)
    if m is None:
        return text, []
    said = m.group(0)
    new = f"{m['sup']} billable share" if m["sup"] else "billable share"
    return text[:m.start()] + new + text[m.end():], [f"'{said}' read as each technician's own billable share "
                                                      "(billable hours / hours worked)"]
