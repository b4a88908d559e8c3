"""h86 (issue 15, held-out class): "labour hours", "hours of labour", "labor time", "man-hours", "time spent on labour"
name the hours worked.

Why: "labour" alone is labour cost (the glossary's money measure), and the metric patterns read it before "hours", so
"labour hours last quarter" answered dollars, flagged with "hours" unread, and "how much labour time did we put in"
answered dollars at full confidence (a confident wrong number). Labour said beside hours or time is the time itself;
a money word beside it ("what did labour hours cost", "spent on labour time", "$") keeps the cost (the money verb
rule, ``lexicon.LABOUR_MONEY``, reads those after this), and "billable labour hours" is billable hours. Time that is
spent ("hours spent on Harbor", "time we spent on labour") is no money word.

Two neighbours are flagged, never answered with confidence: labour as the effort put into a client with no unit
("how much labour went into Harbor") is read as hours with labour cost offered, and labour hours asked beside labour
cost ("labour hours and labour cost") says that one measure is shown.
"""

from __future__ import annotations

import re

from moat.ai.lexicon import compile_words
from moat.ai.reading import Reading

# Labour beside hours or time, in either order ("labor hours", "labor-time", "hours of labor", "time spent on labor")
LABOUR_TIME = compile_words(r"\blabor[- ](?:hours?|time)\b|\b(?:hours?|time) (?:of|in|on) labor\b|"
                            r"\b(?:man|person|staff)[- ]hours(?: of labor)?\b|"
                            r"\b(?:hours?|time)\b(?: \w+){0,4}? spen[dt] on labor\b")
# Labour as the effort put into something, with no unit ("how much labour went into Harbor", "labour we put in")
LABOUR_EFFORT = compile_words(r"\bhow much labor\b(?: \w+){0,3}? (?:put|went|go|goes|gone|going|invested|sunk|poured)"
                              r"(?: \w+)?? (?:in|into|on)\b|\blabor (?:went|goes|gone|we put) (?:in|into)\b")
# A money word anywhere: the cost of that time, left to the money rules ("spent" after hours or time is time spent)
_MONEY = re.compile(r"\$|\bdollars?\b|\busd\b|\bmoney\b|\bcosts?\b|\bcosting\b|\bcosted\b|\bprice[ds]?\b|\bwages?\b|"
                    r"\bspen[dt]\b|\bspending\b|\bpa(?:y|id|ying)\b|\bexpensive\b|\bexpenses?\b|\bbudget\b|\bbill\b")
_TIME_SPENT = compile_words(r"\b(?:hours?|time)\b(?: \w+){0,4}? spen[dt]\b")
_LABOUR_COST = re.compile(r"\blabor costs?\b")
_BILLABLE = re.compile(r"\bbillable\b")
_NOT_HOURS = re.compile(r"\b(?:labor|of|in|on|man|person|staff)\b|-")


def labour_time(r: Reading) -> None:
    """Read labour beside hours or time as hours worked (module doc); a parser step of the metric."""
    m = LABOUR_TIME.search(r.text)
    if r.metric is not None or _MONEY.search(_TIME_SPENT.sub(" ", r.text)):
        if m is not None and r.metric is None and _LABOUR_COST.search(r.text):  # "labour hours and labour cost"
            r.confidence *= 0.6
            r.reasons.append("two measures asked: labour cost shown; ask for labour hours (hours worked) separately")
        return
    if m is None:
        _labour_effort(r)
        return
    if _BILLABLE.search(r.text):  # "billable labour hours": the billable rule reads the hours; "labor" is its word
        r.use((m.start(), m.start() + len("labor")) if m.group(0).startswith("labor") else m.span())
        return
    r.use(m.span())
    for word in _NOT_HOURS.finditer(r.text, m.start(), m.end()):  # "how many labour hours": the unit rule reads "hours"
        r.use(word.span(), blank=True)
    r.metric = "hours"
    r.reasons.append(f"'{m.group(0)}' read as hours worked (not labour cost)")


def _labour_effort(r: Reading) -> None:
    """"How much labour went into Harbor": hours, flagged, labour cost offered (module doc)."""
    m = LABOUR_EFFORT.search(r.text)
    if m is None:
        return
    r.use(m.span())
    r.metric, r.candidates = "hours", ["hours", "labour_cost"]
    r.confidence *= 0.6
    r.reasons.append("labour put into it with no unit read as hours worked (labour cost offered): say 'hours' or "
                     "'labour cost' to be sure")
