"""h93 (issue 15): licence wordings folded to the words the licence rules read, as declarations.

- "not covered by Huntress", "uncovered by Datto", "lacking SentinelOne coverage": not holding the product, read by
  the lacking rule (``moat.ai.lacking``) as "not on <product>" ("covered" was read as a cost category: overhead);
- seats "with no active user" / "nobody is active on" / "no one logged into" are unused seats (purchased - active);
- "set us back" (of money) is what something cost us;
- money that "went down the drain" is money wasted (never a change "down" between two periods).
"""

from __future__ import annotations

LICENCE_FOLD = [
    (r"\b(?:(?:is|are|was|were)(?:\s+not|n't)|not)\s+(?:yet\s+)?(?:covered|protected|backed\s+up)\s+(?:by|with|under)\b",
     " not on"),
    (r"\b(?:uncovered|unprotected)\s+(?:by|with|under)\b", " not on"),
    (r"\b(?:(?:which|that)\s+)?(?:with|having|had|has|have)\s+no\s+(?:active|actual|live|real)\s+(?:users?|person|people|"
     r"owners?|logins?)(?:\s+(?:on|behind|using)\s+(?:them|it))?\b", " that are unused"),
    (r"\b(?:that\s+)?(?:nobody|no\s+one|no\s+user)\s+(?:is|was|has\s+been)\s+(?:active\s+on|logged\s+into|signed\s+into)\b",
     " that are unused"),
    (r"\b(?:(?:went|go|goes|gone|going|poured|pouring|flushed|flushing|thrown|threw|throwing)\s+)?down\s+the\s+"
     r"(?:drain|toilet|tubes|pan)\b", "wasted"),
    (r"\bpaid-for\b", "purchased"),  # "paid-for seats": the seats bought
    (r"\b(?:set|sets|setting)\s+(us|me|the company|the business)\s+back\b", r"cost \1"),
]
