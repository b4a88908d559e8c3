"""h117: "is revenue up", "margin up or down last month", "which clients' revenue is down on Q4": a DIRECTION is asked,
so the answer is the period against the one before it (both values and the change), never the period's level alone.
Which two periods: the one named (or the default period when none is) against the stretch of the same length just
before it; "up / down on (from, vs) <period>" names the EARLIER one, against the stretch just after it, unless that
stretch would only begin in the as-of month (then the named period is the later one, as "from" is read by
``moat.ai.comparison``)."""
from __future__ import annotations

import re
from datetime import date

from moat.ai import lexicon as lx
from moat.ai.direction_span import to_date_pair
from moat.ai.implied_comparison_words import HOURS_NAMED, MEASURE_NAMED
from moat.ai.periods import find_period
from moat.ai.reading import Reading
from moat.metrics.periods import Period, add_months, month_end

# "up to March", "down by client"; "up by more than 10k" is a direction with its size (h131)
_AMOUNT = r"(?:more than|over|above|at least|less than|under|below|>=?|<=?|\$|\d)"
_NOT_A_DIRECTION = r"(?!\s*(?:to|into|until|till|through|with|for)\b)(?!\s*by\b(?!\s*" + _AMOUNT + r"))"
DIRECTION = re.compile(
    r"\b(?:is|are|was|were|has|have|had|it's)\b(?:(?!\b(?:is|are|was|were)\b)[^?.!;]){0,80}?"
    r"(?<!\badded )(?<!\badds )(?<!\badd )(?<!\bsummed )(?<!\brolled )(?<!\btotted )(?<!\btotalled )(?<!\btotaled )"  # h129
    r"\b(?:up|down)\b"
    + _NOT_A_DIRECTION + r"|\bup or down\b|\bdown or up\b|"
    # h131: "is margin up for our biggest client", "are hours down for Harbor": "for" after a measure's "up" / "down"
    # names whose measure moved ("broken down for Q1", "signed up for" have no measure before the verb)
    r"\b(?:is|are|was|were|has|have|had|it's)\b(?:(?!\b(?:is|are|was|were)\b)[^?.!;]){0,80}?"
    r"(?:" + MEASURE_NAMED + r"|" + HOURS_NAMED + r")(?:\s+(?:worked|logged|billed|spent|booked))?\s+(?:been\s+|gone\s+)?(?:up|down)\s+for\b")
_BASE_BEFORE = re.compile(r"\b(?:up|down)\s+(?:(?:by\s+)?" + _AMOUNT + r"[^?.!;]{0,30}?\s)?"  # h131: "down more than 20 hours on June"
                          r"(?:on|from|vs\.?|versus|against|compared (?:to|with))\s+(?:the\s+)?$")


def _months(p: Period) -> int:
    return (p.end.year - p.start.year) * 12 + p.end.month - p.start.month + 1


def direction_asked(r: Reading, default: Period | None) -> bool:
    """Set two periods (``r.before``, ``r.period``) and the direction when the question asks one (module doc)."""
    if r.before is not None or DIRECTION.search(r.text) is None:
        return False
    pm = find_period(r.text, r.as_of)
    if pm is None:
        after = default or Period(date(r.as_of.year, 1, 1), r.as_of)
        before = Period(add_months(after.start, -_months(after)), month_end(add_months(after.start, -1)))
        r.confidence *= 0.9
        r.reasons.append("no period named: the default period against the one before it")
    else:
        named = pm.period
        pair = to_date_pair(r.text, pm, r.as_of)  # h131: "is revenue up this quarter", "... up since Q1"
        if pair is None and (named.start.day != 1 or named.end != month_end(named.end)):
            return False
        months = _months(named)
        base = _BASE_BEFORE.search(r.text[:pm.span[0]])
        start = add_months(named.start, months)
        r.use(pm.span, blank=True)
        if base is not None:
            r.use(base.span())
        if pair is not None:
            before, after = pair[0], pair[1]
            r.reasons.append(pair[2])
            r.confidence *= pair[3]
        elif base is not None and start < r.as_of.replace(day=1):  # "up on Q4": Q4, then the quarter after it
            before, after = named, Period(start, min(month_end(add_months(start, months - 1)), r.as_of))
        else:
            before, after = Period(add_months(named.start, -months), month_end(add_months(named.start, -1))), named
        r.reasons.append(f"a direction asked: {after.start}..{after.end} against {before.start}..{before.end}")
    r.before, r.period, r.named_period = before, after, True
    r.period_label = f"{before.start}..{before.end} vs {after.start}..{after.end}"
    down, up = r.find(lx.DOWN), r.find(lx.UP)
    r.change = "down" if down and not up else "up" if up and not down else "any"
    return True
