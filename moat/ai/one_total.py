"""h44 (issue 15, reviewer h38's class C11): one total asked of the rows a condition picks ("the total gross profit of
clients that lost money", "how much did loss-making clients cost us"). The answer lists the rows that pass, with
their sum in the narrative ("Together: ..."); the list is not the one number asked, so it is flagged."""

from __future__ import annotations

import re

from moat.ai.catalogue import METRICS
from moat.ai.reading import Reading

_ONE_TOTAL = re.compile(r"\b(?:total|combined|sum|summed|altogether|all together|in all|how much)\b")


def flag_one_total(r: Reading, said: str) -> None:
    """Flag a list of rows picked by a threshold when the question asks for one amount."""
    mdef = METRICS.get(r.metric or "")
    if r.threshold is None or r.count or r.share or r.limit or r.grouping in (None, "company", "month", "quarter") \
            or mdef is None or mdef.combine[0] != "sum" or not _ONE_TOTAL.search(said):
        return
    r.confidence *= 0.6
    r.reasons.append(f"one total asked: the {r.grouping}s that pass are listed, their sum given with them")
