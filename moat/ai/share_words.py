"""h77 (issue 15): a share of a total written without "share of" before its whole.

``lexicon.SHARE_OF`` reads a share whose whole follows the share word ("what share of our revenue ..."). Owners also
write the whole first and the share word bare: "revenue concentration, the top 3 share", "of all we spent on licences,
what percentage went to Datto", "licence costs: Huntress, as a share". There the share word was taken for a unit
the measure is not in, and the question refused (or the part's amount answered). The rule: when the part is named
(names or the top / bottom N), the measure read is an amount that sums, and the question names no other measure and
no change, a bare share word asks the part's share of that measure.

An arrow between two periods in a share question ("Harbor's share of revenue, Apr 2026 -> Mar 2027") draws the span
(``moat.ai.arrows``): a share compared across two periods is asked back, so the span is the reading answered; it is
flagged, the reply naming the two one-period questions for a share in each.
"""

from __future__ import annotations

import re

from moat.ai import lexicon as lx
from moat.ai.catalogue import METRICS
from moat.ai.reading import Reading

# A share word with no "of" and its whole after it (declared here, read by ``bare_share``)
SHARE_WORD = lx.compile_words(r"\b(?:shares?|percent(?:age)?s?|portion|proportion|fraction|slice|"
                              r"concentrat(?:ion|ed)|(?:what|which|how big a|how large a) part)\b")
# Words of the share ask once it is read: the size asked ("how big is the top 3 share"), the part holding it ("held
# by the top 3"), the whole said as everything ("everything we paid for licences")
_SHARE_ASK = lx.compile_words(r"\bhow (?:big|large) (?:is|was|were|are)\b|\b(?:held|holds?|holding|expressed)\b|"
                              r"\beverything\b|\bof it\b|\b(?:all|whole|entire) of\b")
# A change asked of the share ("how did the top 5 share move"): not a share of one period
_CHANGE = lx.compile_words(r"\b(?:change[ds]?|grew|grow(?:n|ing)?|growth|ris(?:e|en|ing)|rose|fell|fall(?:en|ing)?|"
                           r"dropp?(?:ed|ing)?|decline[ds]?|increas(?:e|ed|es|ing)|decreas(?:e|ed|es|ing)|move[ds]?|"
                           r"shift(?:ed)?|vs\.?|versus|compared)\b")


# A seat state beside seats ("Microsoft seats in use as a percentage"): a ratio of seat states asked, never a share of
# the seats bought (``Parser._unit`` refuses it when no denominator is named)
_SEAT_STATE = lx.compile_words(r"\b(?:in use|used|using|active|assigned|allocated|unused|idle|inactive)\b")


# h127 (h121 H): the share word right after the billing word, no hours noun ("Harbor's non-billable %", "Tom's unbilled
# percentage"): the entity's own non-billable share of its hours (the glossary's ratio), never its part of everyone's
_OWN_RATE = re.compile(r"\b(?:non[- ]?billable|unbilled|unbillable|non[- ]?chargeable) ?(?:%|percent(?:age)?s?\b|"
                       r"rate\b|ratio\b)")


# "in percent" / "as a percentage" only names a unit ("Harbor's revenue in percent": of what? refused as before); "as a
# share" names the share
_UNIT_ONLY = re.compile(r"\b(?:in|as an?)\s+$")


def bare_share(r: Reading) -> re.Match[str] | None:
    """The bare share word that asks the part's share of the measure read (module doc), or None."""
    if _CHANGE.search(r.text) or (METRICS[r.metric].kind == "seats" and _SEAT_STATE.search(r.raw.lower())):  # type: ignore[index]
        return None
    if _OWN_RATE.search(r.raw.lower()):  # h127: "Tom's non-billable %" is his own non-billable share, as "... percentage" is
        return None
    return next((m for m in SHARE_WORD.finditer(r.text)
                 if not (m.group(0).startswith("percent") and _UNIT_ONLY.search(r.text[:m.start()]))), None)


def read_share_words(r: Reading) -> None:
    """Once a share is read: its other share words and the words of the ask are used, and a span drawn by an arrow is
    flagged (module doc)."""
    for pattern in (SHARE_WORD, _SHARE_ASK):
        for m in pattern.finditer(r.text):
            r.use(m.span())
    if lx.ARROW.search(r.raw) is None or r.before is not None or r.period is None:
        return
    r.confidence *= 0.6
    r.reasons.append(f"the arrow read as the span {r.period.start} to {r.period.end} (one share over it); for the share "
                     "in each period, ask each period on its own")
