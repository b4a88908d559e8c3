"""h96 (issue 15): "which 3 months were the least profitable, worst first": the number before "months" in a ranking
of the months is how many are asked, also when an order word ("worst first") would otherwise list every month.

Why: the number was not used (flagged) and all twelve months were listed."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from moat.ai.listed_words import NUMBER_WORDS

if TYPE_CHECKING:
    from moat.ai.reading import Reading

_WHICH_N_MONTHS = re.compile(r"\b(?:which|what|the)\s+(?P<n>\d{1,2}|two|three|four|five|six|ten|twelve)\s+months\b"
                             r"(?!\s+(?:ago|before|after|later|back|from|on|out)\b)")  # "which 3 months ago": a date


def months_asked(r: Reading) -> None:
    """The limit from "which N months were / had ..." (the months ranked, never the period: "the last N months" is read
    as the period before this runs)."""
    if r.limit is not None or (m := _WHICH_N_MONTHS.search(r.text)) is None:
        return
    n = m["n"]
    r.limit = int(n) if n.isdigit() else NUMBER_WORDS[n]
    r.use(m.span("n"))
