"""h127 (h121 H): "each tech's share of non-billable hours", "which client takes the biggest share of unbilled
time", "share of billable hours by segment" ask for each entity's PART of everyone's (non-)billable hours (its hours
over the team's), a split of one total. The measure words read each entity's OWN (non-)billable share (its
non-billable hours over its own hours worked), another denominator, at 0.83-0.97: Tom 52.5% where his part of the
team's non-billable hours is 12.4%, and "the biggest share" another client or technician. As h58's
``entity_shares`` does for hours, such a split is refused, naming the figures that are held: the hours by entity
(highest first ranks them as the shares would) and one entity's share ("Tom's share of non-billable hours"). One
named entity's share is ``non_billable_part``'s (answered); "non-billable share by tech" (no hours noun after the share
word) stays each one's own share, the glossary's metric."""

from __future__ import annotations

import re

from moat.ai import lexicon as lx
from moat.ai.reading import Parse, Reading

_BILLING = r"(?:non[- ]?billable|non[- ]?chargeable|unbilled|unbillable|not billed|billable|chargeable|billed)"
_SHARE = (r"(?:\b(?:share|percent(?:age)?|proportion|fraction|portion|part|slice|split)s?|%) of (?:(?:the|our|all|"
          r"total|overall|whole|entire|team's|company's|everyone's|team|company)\s+)*")
_WHOLE = re.compile(_SHARE + r"(?P<what>" + _BILLING + r" (?:hours?|hrs|time|work))\b|"
                    r"\b(?P<what2>" + _BILLING + r" (?:hours?|hrs|time)) (?:share|split)\b|"
                    # h138: "the most non-billable hours as a share of the team's": of everyone's hours, not its own
                    r"\b(?P<what3>" + _BILLING + r" (?:hours?|hrs|time|work))(?:\s+[\w']+){0,4}?\s+as (?:an? )?(?:share|percent(?:age)?|"
                    r"proportion|fraction|part) of (?:the |our )?(?:whole |entire )?(?:team|company|everyone|everybody)"
                    r"(?:'s|’s)?(?!\s+(?:own|\w+'s))")  # "as a percentage of total hours" is its own share (h99)
_KINDS = {name: p for name, p in lx.GROUP_PATTERNS if name in ("technician", "client", "segment")}
_ASKED = re.compile(r"\b(?:by|per|each|every|which|what|for each|for every|across|biggest|largest|smallest|top|rank|list|"
                    r"bottom)\s+(?:(?:one|of|the|our|single)\s+)*(?:" + "|".join(f"(?P<{n}>{p})" for n, p in _KINDS.items())
                    + r")|(?P<who>\bwho(?:se)?\b)|"
                    # h138: "client with the largest share of billable hours": the kind written before the superlative
                    r"(?:" + "|".join(f"(?P<{n}_first>{p})" for n, p in _KINDS.items() if n != "technician")  # h99: a
                    + r")\s+(?:with|having|that "  # tech "with the lowest share of billable hours" is its own share
                    r"(?:has|had|did|does)|who (?:has|had|did|does))\s+the\s+(?:biggest|largest|greatest|highest|most|"
                    r"smallest|lowest|top)\b")
_METRICS = ("non_billable_share", "billable_share", "non_billable_hours", "billable_hours",
            "billable_utilization")  # h138: "client with the largest share of billable hours" read as utilisation


def entity_time_shares(r: Reading) -> Parse | None:
    """Refuse each entity's part of everyone's (non-)billable hours rather than answer its own share (module doc)."""
    if r.metric not in _METRICS or r.before is not None:
        return None
    said = r.raw.lower()
    whole = _WHOLE.search(said)
    asked = _ASKED.search(r.text)
    if whole is None or asked is None:
        return None
    kind = "technician" if asked["who"] else next(name for name in _KINDS if asked[name] or asked.groupdict().get(f"{name}_first"))
    if r.filters.get(kind):
        return None  # one named entity's part: ``non_billable_part``
    non = not re.match(r"(?:billable|chargeable|billed)\b", whole["what"] or whole["what2"] or whole["what3"])
    if not non and re.match(r"%|percent", whole.group(0)):
        return None  # "percentage of billable hours per tech" is each one's billable share (h99's reading)
    label = "non-billable hours" if non else "billable hours"
    return r.refuse(
        f"I can't list each {kind}'s share of the team's total {label} (their {label} over everyone's). Ask for "
        f"{label} by {kind} (highest first ranks them the same way), or for one {kind}'s share of the {label} "
        f"(e.g. \"Tom Becker's share of {label} last quarter\").",
        [f"{label} by {kind} last quarter", f"{label} by {kind}, highest first, last month"])
