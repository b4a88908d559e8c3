"""h86 (issue 15, held-out class): "labour hours", "hours of labour", "labor time", "man-hours" name the hours worked.

Why: "labour" alone is labour cost (the glossary's money measure), and the metric patterns read it before "hours", so
"labour hours last quarter" answered dollars, flagged with "hours" unread, and "how much labour time did we put in"
answered dollars at full confidence (a confident wrong number). Labour said beside hours or time is the time itself;
a money word beside it ("what did labour hours cost", "spent on labour time", "$") keeps the cost (the money verb
rule, ``lexicon.LABOUR_MONEY``, reads those first), and "billable labour hours" is billable hours.
"""

from __future__ import annotations

import re

from moat.ai.lexicon import TIME_SPENT, compile_words
from moat.ai.reading import Reading

# Labour beside hours or time, in either order ("labor hours", "labor-time", "hours of labor", "time in labor")
LABOUR_TIME = compile_words(r"\blabor[- ](?:hours?|time)\b|\b(?:hours?|time) (?:of|in|on) labor\b|"
                            r"\b(?:man|person|staff)[- ]hours(?: of labor)?\b")
# A money word anywhere: the cost of that time, left to the money rules
_MONEY = re.compile(r"\$|\bdollars?\b|\busd\b|\bmoney\b|\bcosts?\b|\bcosting\b|\bcosted\b|\bprice[ds]?\b|\bwages?\b|"
                    r"\bspen[dt]\b|\bspending\b|\bpa(?:y|id|ying)\b|\bexpensive\b|\bexpenses?\b|\bbudget\b|\bbill\b")
_BILLABLE = re.compile(r"\bbillable\b")
_NOT_HOURS = re.compile(r"\b(?:labor|of|in|on|man|person|staff)\b|-")


def labour_time(r: Reading) -> None:
    """Read labour beside hours or time as hours worked (module doc); a parser step of the metric."""
    if r.metric is not None or _MONEY.search(TIME_SPENT.sub(" ", r.text)):  # "labour hours spent on X" is time
        return
    m = LABOUR_TIME.search(r.text)
    if m is None:
        return
    if _BILLABLE.search(r.text):  # "billable labour hours": the billable rule reads the hours; "labor" is its word
        r.use((m.start(), m.start() + len("labor")) if m.group(0).startswith("labor") else m.span())
        return
    r.use(m.span())
    for word in _NOT_HOURS.finditer(r.text, m.start(), m.end()):  # "how many labour hours": the unit rule reads "hours"
        r.use(word.span(), blank=True)
    r.metric = "hours"
    r.reasons.append(f"'{m.group(0)}' read as hours worked (not labour cost)")
