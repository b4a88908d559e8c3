"""h118 (issue 15, h114's hunt, section H): "Tom's share of non-billable hours", "what % of the team's non-billable
time went to Meridian" ask for a PART of everyone's non-billable hours (Tom's non-billable hours over all of them),
as "Tom's share of billable hours" already is. The measure words "non-billable ... share" read the non-billable
share of Tom's OWN hours (non-billable over his hours worked): another denominator, a confident wrong figure. With a
part named (a name, or the top / bottom N) and the non-billable hours written after the share word as the whole,
the measure is the non-billable hours, so the share-of-a-total rule takes the part over everyone's.
"""

from __future__ import annotations

import re

from moat.ai import lexicon as lx
from moat.ai.reading import Reading
from moat.ai.share_words import SHARE_WORD

# the share word, then (the team's / all / our ...) non-billable hours / time as the whole
_SHARE = re.compile(r"\b(?:share|percent(?:age)?|proportion|fraction)\b")  # h123: "..., what share did X log"
_NON_BILLABLE = r"(?:non[- ]?billable|non[- ]?chargeable|unbilled|unbillable) (?:hours?|hrs|time)\b"  # h123, h127
_WHOLE = r"(?:(?:the|our|all|total|overall|whole|entire|team's|company's|everyone's|team|company)\s+)*" + _NON_BILLABLE
# h123: "how much of the team's unbillable time ... as a percentage", "of our non-billable hours, what share did X log"
_OF_NON_BILLABLE = re.compile(r"(?:\b(?:share|percent(?:age)?|proportion|fraction|portion|part|slice)s?|%|\bhow much) of "
                              + _WHOLE + r"|^\s*of " + _WHOLE + r".*\b(?:share|percent(?:age)?|proportion|fraction)\b")
_WHOLE_FIRST = re.compile(r"\bof (?:(?:the|our|all|total|overall|whole|entire|team's|company's|everyone's|team|company)\s+)+"
                          + _NON_BILLABLE)
_BARE_SHARE = re.compile(r"%|\b(?:share|percent(?:age)?|proportion|fraction|portion|part|slice)s?\b")


def non_billable_part(r: Reading, asked: str | None) -> bool:
    """True when the question asks a part of everyone's non-billable hours (module docstring): read as that share."""
    if asked != "percent" or r.metric not in ("non_billable_hours", "non_billable_share") \
            or not (r.filters or (r.limit and r.order)) or r.before is not None or r.count or r.threshold is not None:
        return False
    said = r.raw.lower()  # h127: or the whole first, the share word bare ("of all unbilled hours, what % did Tom log")
    whole_first = _WHOLE_FIRST.search(said) and _BARE_SHARE.search(said)
    if not (_OF_NON_BILLABLE.search(said) or whole_first) or (share := lx.SHARE_OF.search(r.text)
                                                            or SHARE_WORD.search(r.text) or _SHARE.search(r.text)) is None:
        return False
    r.metric, r.share = "non_billable_hours", True
    r.use(share.span())
    for link in lx.SHARE_LINK.finditer(r.text):
        r.use(link.span())
    r.reasons.append("a part of everyone's non-billable hours asked: the part's non-billable hours over all of them, "
                     "not the non-billable share of its own hours")
    return True
