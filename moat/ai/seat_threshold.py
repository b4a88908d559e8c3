"""h118 (issue 15, h114's hunt, section G): a threshold in seats over a period of several months.

"products with more than 200 seats last quarter" means seats held in a month (a stock); the seat figures of a period
are seat-months summed over its months (DESIGN.md), so "> 200" over a quarter compared 200 with three months of
seats: every product passed. Where ``moat.ai.seat_stock`` has not already read the seats of one month, the answer is
flagged, saying how the seats were counted and how to ask for one month.
"""

from __future__ import annotations

import re

from moat.ai.catalogue import METRICS
from moat.ai.reading import Reading
from moat.metrics.periods import month_end

_SEAT_NUMBER = re.compile(r"(?<![\w$.])\d[\d,]*(?:\.\d+)?\s+(?:[a-z]+\s+)?(?:seats?|licen[cs]es?|subscriptions?)\b")
_SEAT_MONTHS = re.compile(r"\bseat-?months?\b|\bin total\b|\baltogether\b|\bcombined\b|\bsummed\b")


def seats_over_months(r: Reading) -> None:
    """Flags a seat threshold compared with seat-months over a period longer than one month (module docstring)."""
    if (r.threshold is None or r.metric not in METRICS or METRICS[r.metric].kind != "seats" or r.period is None
            or r.period.end <= month_end(r.period.start) or r.grouping in ("month", "quarter")):
        return
    said = r.raw.lower()
    if not _SEAT_NUMBER.search(said) or _SEAT_MONTHS.search(said):
        return
    r.confidence *= 0.6
    r.reasons.append(f"the threshold is in seats but {r.period_label or 'the period'} spans several months: compared "
                     "with seat-months summed over them (a seat held 3 months counts 3); ask for one month "
                     "(e.g. \"in March\") for seats held")
