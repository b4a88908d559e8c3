"""h123 (issue 15): an amount "on / in / for licences" with no measure named ("clients over 1000 on licences in March",
"accounts above 2k in subscriptions") is licence cost, the money spent on licences (h118's rule for the threshold's
unit), never refused for want of a measure word.

Why: "licences" alone names no measure (seats or their cost), so the metric step refused the question, while "over
1000 on licensing" and "spending over 1000 on licences" were answered as licence cost. The amount joined to the noun by
"on / in / for" is money spent on them; a count of licences ("over 50 licences") is the seat rules', not this.
"""

from __future__ import annotations

import re

from moat.ai.reading import Reading

_ON_LICENCES = re.compile(r"\b(?:on|in|for)\s+(?:(?:our|their|its|the)\s+)?(?:licen[cs]es|licen[cs]e fees|subscriptions|"
                          r"software licen[cs]es)\b")


def licence_amount(r: Reading) -> None:
    """Read licence cost for an amount of money said to be on licences, when no measure is named."""
    if r.metric is not None or r.threshold_raw is None or r.threshold_raw[3]:
        return
    on = _ON_LICENCES.search(r.text)
    if on is None:
        return
    r.use(on.span(), blank=True)  # "in subscriptions" is the money's object, never rows of products
    r.metric = "license_cost"
    r.reasons.append(f"an amount '{on.group(0)}' read as licence cost (money spent on licences)")
