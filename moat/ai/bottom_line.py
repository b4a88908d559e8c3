"""h58 (issue 15, reviewer h52's D6): "bottom line" is the owner's and accountant's word for net profit (after
overheads), which the data does not hold. It is never "the bottom 1 client" (the ranking words no longer read the
"bottom" of "bottom line"), and as the company's own figure it is answered with gross profit, the closest figure
held, flagged with what it is not."""

from __future__ import annotations

import re

from moat.ai.reading import Reading

_BOTTOM_LINE = re.compile(r"\bbottom[- ]line\b")
_PNL = re.compile(r"\bp ?& ?l\b|\bp and l\b|\bprofit (?:and|&) loss\b")


def flag_bottom_line(r: Reading) -> None:
    """Flag the company's gross profit given for "bottom line" (a client ranking by it, "who hurts our bottom line",
    is what the words ask and stays as read)."""
    if r.metric == "gross_profit" and _PNL.search(r.text):  # "P&L by customer": its lines below gross profit are not held
        r.confidence *= 0.6
        r.reasons.append("a P&L goes on below gross profit (overheads, net profit), which your data does not hold: gross "
                         "profit (revenue minus direct costs) shown")
        return
    if r.metric != "gross_profit" or r.grouping != "company" or not _BOTTOM_LINE.search(r.text):
        return
    r.confidence *= 0.6
    r.reasons.append("'bottom line' usually means net profit (after overheads), which your data does not hold: gross "
                     "profit (revenue minus direct costs) shown instead")
