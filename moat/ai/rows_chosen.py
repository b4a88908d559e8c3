"""h117: "top 3 clients by revenue, lowest first": the LIMIT word (top / best / biggest / most, or bottom / worst /
smallest / least) chooses WHICH rows are listed; the ORDER word ("lowest first", "ascending", "worst at the top")
only sorts them. Read with the order word alone, the question listed the opposite rows (the bottom 3) confidently.
Here the side of the words outside the order phrase is found; when it differs from the order word's, the rows are
chosen by it and shown the other way round (``Intent.shown``)."""
from __future__ import annotations

import re

from moat.ai import lexicon as lx

_AT_LEAST = re.compile(r"\bat\s+$")  # "at least 10": a threshold word, not a side


def rows_side(text: str, order_span: tuple[int, int]) -> str | None:
    """"asc" / "desc": the side the superlatives OUTSIDE the order phrase choose the rows from; None when there is no
    such word or they disagree. A positional "top" counts only when no adjective is written ("top 3 least
    profitable" is the least profitable three)."""
    sides: set[str] = set()
    positional = False
    for pattern, side in ((lx.DESC_RE, "desc"), (lx.ASC_RE, "asc")):
        for m in pattern.finditer(text):
            if order_span[0] <= m.start() < order_span[1] or _AT_LEAST.search(text[:m.start()]):
                continue
            if m.group(0) in lx.POSITIONAL:
                positional = True
            else:
                sides.add(side)
    if len(sides) == 1:
        return sides.pop()
    return "desc" if positional and not sides else None


def shown_against(text: str, order: str, order_span: tuple[int, int]) -> tuple[str, str | None]:
    """(the order that chooses the rows, the order they are shown in when it differs, else None)."""
    side = rows_side(text, order_span)
    if side is None or side == order:
        return order, None
    return side, order


def order_span(text: str, first: re.Match[str]) -> tuple[int, int]:
    """Where the order phrase lies in ``text`` ("starting with the worst" is matched on its own words)."""
    if first.string == text:
        return first.span()
    whole = lx.ORDER_WORDS.search(text)
    return whole.span() if whole else (0, 0)
