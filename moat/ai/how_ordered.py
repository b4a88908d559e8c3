"""h96 (issue 15): a list ordered "by how little they invoiced" / "by how much each lost" / "from least to most": the
order said through "how little / how much", every row of the list kept.

Why: "the legal clients sorted by how little we invoiced them" was listed highest first with "little" not used,
and "loss-makers ranked by how much each lost" was answered as one sum ("how much" read as a total word). "How
little" / "how few" sort the measure lowest first; "how much" / "how many" highest first, except with a verb of losing
on profit ("how much each lost"): the biggest loss first, which is the lowest gross profit first."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from moat.ai.reading import Reading

# "sorted / ordered / ranked / listed ... by how little", "in order of how much"
HOW_ORDERED = re.compile(r"\b(?P<verb_said>(?:sort|order|rank|list|arrang)(?:ed|ing|s|e)?)\b(?:\s+\w+){0,6}?\s+(?:by|on|in\s+order\s+of|"
                         r"according\s+to)\s+(?P<how>how\s+(?:little|few|much|many|badly|well|big|small))\b"
                         r"(?:\s+(?:they|it|each\s+one|each|we|he|she)\s+(?P<verb>\w+))?")
_LOW = ("little", "few", "small", "badly")
_LOSS_VERB = re.compile(r"^(?:lost|lose|loses|losing|bled|cost|dropped|sank|burned|burnt)$")


def how_ordered(r: Reading) -> None:
    """Set the order (and every row) from "by how little / how much ..." (module doc); marks those words as read."""
    m = HOW_ORDERED.search(r.text)
    if m is None:
        return
    word = m["how"].split()[-1]
    loss = m["verb"] is not None and _LOSS_VERB.match(m["verb"]) is not None
    r.order = "asc" if (word in _LOW) != loss else "desc"
    r.no_limit = True
    r.use(m.span("how"))
    r.use(m.span("verb_said"))
    if loss:
        r.use(m.span("verb"))
    r.reasons.append(f"ordered by '{m['how']}{' ' + m['verb'] if loss else ''}': "
                     f"{'lowest' if r.order == 'asc' else 'highest'} first, every row")


def by_how_much(said: str) -> str:
    """``said`` without "by how much / how many" (a sort key, never a total word: "ranked by how much each lost")."""
    return re.sub(r"\b(?:by|on|in order of|according to)\s+how\s+(?:much|many)\b", " ", said)
