"""h86 (issue 15, held-out class): "HR costs", "what did HR cost us", "hr spend per client": "HR" beside a money word
is human resources (what staff cost: labour cost) or hours (the cost of the hours: the same labour cost, or hours
worked). Two readings, so it is refused naming both questions, never answered with a confident number.

Why: "hr" was either an unknown name ("I don't know HR") or an unread word beside a vague "cost" (labour cost at a
low confidence, with licence and other costs offered): neither says what HR could mean here. "hr" as an hour with a
rate or "per" ("cost per hr", "$ per hr", "hr rate") is folded to "hour" before this runs and is not touched; a client,
technician or product whose name holds "HR" stays a name.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from moat.ai.reading import Parse, Reading

# "HR" before or after a money word, not as an hour after a number or a rate word
_HR_COST = re.compile(r"(?<![\d/])(?<!\bper )(?<!\ban )(?<!\beach )\bhr\b(?:\s+(?:related|dept|department|team))?\s+"
                      r"(?:costs?|costing|spend(?:ing)?|spent|expenses?|bill|budget|payroll)\b|"
                      r"\b(?:costs?|spend(?:ing)?|spent|expenses?)\s+(?:of|on|for)\s+hr\b(?!\s+rates?\b)|"
                      r"\b(?:what|how much)\s+(?:did|does|do|has|have)\s+hr\s+cost\b")


def hr_cost_refusal(r: Reading, names_a_name: Callable[[str], bool]) -> Parse | None:
    """The refusal for "HR" beside a cost (module doc), or None."""
    m = _HR_COST.search(r.text)
    if m is None or names_a_name("hr"):
        return None
    return r.refuse("'HR' with a cost can mean human resources (what staff cost: labour cost, hours x each technician's "
                    "hourly cost) or hours; I don't guess which. Ask for labour cost, or for hours worked, one at a time.",
                    ["What was our labour cost last quarter?", "How many hours did we work last quarter?"])
