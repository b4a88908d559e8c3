"""h132 (issue 15, h121 G): counts whose rows the reading cannot narrow as asked, refused naming what to ask.

- "how many techs worked on our biggest client in july": the client is named by its SIZE, which is known only once
  the clients are ranked; the count dropped the client and counted every technician (15) at 1.00. The size ranking
  and the count are two questions: ask who the biggest client is, then the count for that name.
- "how many clients had both billable and non-billable work in july": two conditions on the hours at once (some of
  each); the count dropped both and counted every client with time (40) at 1.00, the list listed all 40. Each
  condition alone is answered.
"""

from __future__ import annotations

import re

from moat.ai.reading import Parse, Reading

_COUNT = re.compile(r"\b(?:how many|number of|count of|count the|count)\s+(?:of\s+(?:our|the)\s+)?(?:[a-z]+\s+)?"
                    r"(?:techs?|technicians?|engineers?|staff|people|products?|vendors?|clients?|customers?|accounts?)\b")
# "our biggest client", "the largest customer's": one client named by its size (singular)
_SIZED_ONE = re.compile(r"\b(?:our|the|my)\s+(?P<size>biggest|largest|top|smallest|busiest|quietest|most profitable|"
                        r"least profitable)\s+(?P<noun>client|customer|account)(?:'s|’s)?\b(?!\s*(?:'s\s+)?by\b)")
_BILLABLE = r"(?:billable|chargeable|billed)"
_UNBILLED = r"(?:non-?\s?billable|unbillable|unbilled|non-?\s?chargeable)"
# "clients with / that had both billable and non-billable time": the rows' hours of each kind (not "hours, both
# billable and non-billable", which is every hour)
_BOTH_BILLING = re.compile(r"\b(?:with|had|have|has|got|get|did|do|does|logged|received|receiving|having)\s+(?:\w+\s+)?"
                           r"both\s+(?:" + _BILLABLE + r"\s+(?:and|&)\s+" + _UNBILLED + "|" + _UNBILLED
                           + r"\s+(?:and|&)\s+" + _BILLABLE + r")\b")


def count_refused(r: Reading, said: str) -> Parse | None:
    """The refusal for a count narrowed by a client named by its size, or a count or list narrowed by both kinds of
    time at once; else None."""
    counted = r.count or _COUNT.search(said) is not None
    if counted and (one := _SIZED_ONE.search(said)) is not None and r.grouping != "client":
        return r.refuse(f"I can't count within '{one.group(0).strip()}' in one step: which client that is depends on "
                        "ranking the clients first. Ask who it is (e.g. 'who was our biggest client by revenue in "
                        "July'), then ask the count with that client's name.",
                        ["Who was our biggest client by revenue last month?"])
    if (both := _BOTH_BILLING.search(r.raw.lower())) is not None:  # raw: the fold reads "billable and non-billable" as total
        return r.refuse(f"I can't {'count' if counted else 'list'} with '{both.group(0)}' (two conditions on the hours "
                        "at once). Ask each on its own: 'how many clients had non-billable hours', 'how many clients "
                        "had billable hours'.",
                        ["How many clients had some non-billable time in the previous month?",
                         "How many clients had some billable time in the previous month?"])
    return None
