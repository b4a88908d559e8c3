"""h138 (issue 15, h133's class B): "which of our 5 biggest clients has the lowest margin", "of the top 10 clients by
revenue, who has the worst EHR", "among our 3 busiest techs, which logged the least billable time": the rows are
CHOSEN by their size (h117 / h127's ``chosen_by``), then ONE of them is asked for, the lowest or highest on the asked
measure.

Why: the size reading listed all N with the asked measure shown, the biggest first, so the first row (the biggest
client) read as the answer, confidently: another client than the one asked about. Here the inner superlative after
the chosen entities ("... which has the lowest margin", "who is least profitable") sets ``picked``; the engine keeps
the one row (ties kept). When the inner pick is written but the rows were not chosen by a size the parser knows (a
product's price, "of our top 5 clients by margin, which is biggest"), the list is flagged, never given as the pick.
"""
from __future__ import annotations

from dataclasses import replace

from moat.ai.catalogue import METRICS, Intent
from moat.ai.pick_within_words import INNER_PICK, PICK_BEFORE_SET, PICK_CUE, side_of
from moat.ai.reading import Reading


def picked_within(r: Reading, intent: Intent) -> Intent:
    """The intent with ``picked`` set when one row of the chosen ones is asked for (module docstring); the list is
    flagged when such a pick is written and cannot be made. Else unchanged."""
    if intent.count or intent.share or intent.compared or intent.each or intent.passing_total:
        return intent
    if (before := PICK_BEFORE_SET.search(r.text)) is not None:
        r.confidence = min(r.confidence, 0.6)
        r.reasons.append(f"'{before.group(0).strip()}' asks for one of a set chosen by another measure; that is not "
                         "read here: ask \"which of the top N ... has the lowest ...\" with the set first")
        return intent
    cue = PICK_CUE.search(r.text)
    if cue is None:
        return intent
    inner = INNER_PICK.search(r.text, cue.end())
    if inner is None:
        return intent
    side = inner["side"]
    if intent.chosen_by is None or intent.limit is None or intent.limit < 2 or intent.threshold is not None:
        r.confidence = min(r.confidence, 0.6)
        r.reasons.append(f"'{inner.group(0).strip()}' asks for one of the rows chosen before it; that pick is not made "
                         "here: the rows are listed, read the one you need from them")
        return intent
    picked = side_of(side)
    if side in ("worst", "best") and not METRICS[intent.metric].higher_is_better:
        picked = "asc" if picked == "desc" else "desc"  # the worst cost is the highest
    r.use(inner.span("side"))
    r.reasons.append(f"'{inner.group(0).strip()}' read as one of the {intent.limit} chosen rows: the one with the "
                     f"{'lowest' if picked == 'asc' else 'highest'} {METRICS[intent.metric].label}")
    return replace(intent, picked=picked)
