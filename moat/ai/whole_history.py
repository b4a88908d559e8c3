"""h131 (h121 J, item 13): "GP for the whole period", "revenue over all the data", "hours since the beginning" ask over
everything the data holds. With no dated period read, the default period (the last 3 months with data) answered
instead, at 0.89: a quarter of the year's figure given as the whole. Such a phrase is now the data's span (every whole
month with data, as month rankings use it), named in the reply; with no data span known it is left to the other
rules. Only read when no dated period was found ("the whole of Q1" is Q1)."""

from __future__ import annotations

import re

from moat.ai.periods import PeriodMatch
from moat.ai.reading import Reading
from moat.metrics.periods import Period

WHOLE = re.compile(
    r"\b(?:(?:for|over|across|in|during|throughout|through)\s+)?(?:the|our)\s+(?:whole|entire|full|complete)\s+"
    r"(?:period|time|history|data\s*set|dataset|data|range|span|record)(?:\s+(?:we\s+have|held|on\s+record))?\b|"
    r"\b(?:(?:for|over|across|in)\s+)?all\s+(?:of\s+)?(?:the|our)\s+(?:data|history|records)(?:\s+(?:we\s+have|held))?\b|"
    r"\b(?:(?:for|over|across|in)\s+)?all\s+(?:the\s+)?time\s+(?:we\s+have\s+data|in\s+the\s+data|on\s+record)\b|"
    r"\bsince\s+(?:the\s+)?(?:beginning|start)\s+of\s+(?:the\s+|our\s+)?(?:data|records|history)\b|"
    r"\bsince\s+records\s+(?:began|begin|start(?:ed)?)\b|\b(?:for|over|across)\s+all[- ]time\b")


def whole_history(r: Reading, span: Period | None) -> PeriodMatch | None:
    """A phrase asking over all the data, as a period match over the data's span (module doc)."""
    if span is None or (m := WHOLE.search(r.text)) is None:
        return None
    r.reasons.append(f"'{m.group(0).strip()}' read as all the data held: {span.start}..{span.end}")
    return PeriodMatch(span, f"all the data held ({span.start}..{span.end})", m.span())
