"""h139 (h133 E): "did every tech hit 60% billable in May", "were all clients under 10k revenue", "has every client
been profitable this year" are a yes/no about EVERY member: the answer is no when any one fails, and the ones that
fail are what the reader needs. They were answered with the threshold list of the ones that pass (12 of 15
technicians at 0.96), with no "no" and without the three that fail: a confident answer to another question.

The reading keeps its threshold and turns it to the other side (``every_failing_words.OPPOSITE``): the rows are the
ones that FAIL the mark, and ``failing`` on the intent makes the narrative say "No: ..." naming them, or "Yes: every
one ..." when none fails (an empty list). A word asking for the passers, a count or a ranking ("which", "how many",
"top") keeps the threshold list as before."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from moat.ai.catalogue import METRICS, Intent, Threshold
from moat.ai.every_failing_words import EVERY_ASKED, OPPOSITE, OTHER_ASKED
from moat.ai.reading import Reading

_EVERY = re.compile(EVERY_ASKED)
_OTHER = re.compile(OTHER_ASKED)
_ENTITIES = ("client", "technician", "segment", "vendor", "product")


def every_failing(r: Reading, intent: Intent) -> Intent:
    """The intent listing the rows that fail the mark when the question asks whether every one passes (module doc);
    the reason is recorded. Any other intent is returned unchanged."""
    t = intent.threshold
    said = r.raw.lower().strip()
    if t is None or intent.grouping not in _ENTITIES or intent.count or intent.limit is not None or intent.compared \
            or intent.each or intent.passing_total or intent.share or intent.lacking or t.op not in OPPOSITE:
        return intent
    if _EVERY.search(said) is None or _OTHER.search(said) is not None:
        return intent
    failing = Threshold(OPPOSITE[t.op], t.value, t.high)
    order = {"desc": "asc", "asc": "desc"}.get(intent.order or "", intent.order)
    r.reasons.append(f"a yes/no about every {intent.grouping}: the ones that fail the mark ({failing.text(METRICS[intent.metric].kind)}) are "
                     "listed; none listed means yes")
    return replace(intent, threshold=failing, order=order, failing=True, notes=(*intent.notes, r.reasons[-1]))


def failing_text(intent: Intent, rows: list[list[Any]], label: str, period: str,
                 fmt: Any, kind: str) -> str:
    """"No: N fail ..." naming them, or "Yes: every one ..." (module doc); the mark is the one the question said."""
    assert intent.threshold is not None
    asked = Threshold(OPPOSITE[intent.threshold.op], intent.threshold.value, intent.threshold.high).text(kind)
    who = f"{intent.grouping}s" + (f" of {' / '.join(n for _, ns in intent.filters for n in ns)}" if intent.filters else "")
    if not rows:
        return f"Yes: every one of the {who} with data in {period} has {label} {asked}."
    named = ", ".join(f"{row[0]} ({fmt(intent.metric, row[1])})" for row in rows[:10])
    more = f" and {len(rows) - 10} more" if len(rows) > 10 else ""
    return f"No: {len(rows)} of the {who} in {period} do not have {label} {asked}: {named}{more}."
