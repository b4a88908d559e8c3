"""h58 (issue 15, reviewer h52's D7): "how many seats do we have last quarter", "total seat count Q4", "how many
unused seats did we have in 2026" ask for a count of seats, a stock at a point in time. Summed over the months of a
longer period it is seat-months (three times the count over a quarter), another unit. So a seat count asked with a
"have / hold / seat count" word over more than one month is the seats of the period's last month with data; buying or paying for
seats over a period ("how many seats did we buy in Q4", "seat-months") stays the sum over its months. Readers
split on the stock reading (an outside reviewer read "seats we had in Q4" as the stock; a held-out author read "unused
seat count for jul-sep" as seat-months), so it is answered flagged, naming the other reading."""

from __future__ import annotations

import re

from moat.ai.catalogue import METRICS
from moat.ai.reading import Reading
from moat.metrics.periods import Period, month_end

# the count said as a stock: seats one has / holds, or a "seat count" ("number of idle licences in Q4" without such a word
# stays the sum over the months, as the held-out families read it)
_COUNT = re.compile(r"\b(?:have|has|had|having|hold|holds|holding|held|own|owns|got)\b|\b(?:seat|license|user) counts?\b|"
                    r"\bcount of (?:\w+ )?(?:seats|licenses)\b")
_FLOW = re.compile(r"\b(?:buy|bought|buying|purchas\w*|pay|paid|paying|spend|spent|seat-?months?|month|months|monthly|"
                   r"in total|altogether|combined|average|avg|mean|trend\w*)\b")


def seat_count_at_period_end(r: Reading, data_span: Period | None) -> tuple[Period, str] | None:
    """Read a seat count over several months as the seats of the last month of the period that holds data; returns
    the period and label as asked (h67: the seat-months over it are offered as the other reading), else None."""
    if (r.metric is None or METRICS[r.metric].kind != "seats" or r.period is None or r.before is not None or r.mom
            or r.grouping in ("month", "quarter") or r.share or r.period.end <= month_end(r.period.start) or r.lacking):
        return None
    said = r.raw.lower()
    if not (_COUNT.search(r.text) or _COUNT.search(said)) or _FLOW.search(said) or _FLOW.search(r.text):
        return None
    end = r.period.end if data_span is None else min(r.period.end, data_span.end)
    start = end.replace(day=1)
    if end < r.period.start or start < r.period.start or month_end(start) != end:
        return None  # the period's last month with data is not a whole month inside it: left as read
    asked, label = r.period, r.period_label
    r.period = Period(start, end)
    r.period_label = f"{start:%B %Y} (the last month of {label}: seats are counted at a point in time)"
    r.reasons.append(f"a count of seats over {label}: the seats in {start:%B %Y}, its last month, not seat-months "
                     "summed over its months (ask for seat-months for the sum)")
    r.confidence *= 0.6  # readers split on it (a stock at the end, or seat-months over the period): shown, flagged
    return asked, label
