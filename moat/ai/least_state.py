"""h138 (issue 15, h133's class C): "the least unprofitable client", "least in the red", "least underutilised tech",
"least overloaded", "least below target margin": "least" of a BAD state is the row nearest the state's edge, the
opposite end of "most <state>" over the same rows.

Why: the state kept its rows (gross profit < 0, utilisation under the 70% band, over the 80% band) and "least" set
the direction the state's own word had already set, so "the least unprofitable client" named the WORST loss-maker
(-11,740 against the smallest loss, -207) confidently; "least overloaded" named the most overloaded. Here the order is
flipped when "least" is written right before the state word and the reading kept that state: among the loss-makers
the one with the highest gross profit. "least idle" (a measure every technician has, not a state) drops the state and
ranks everyone (the least idle is the most utilised). A superlative inside a set kept by a state ("the least busy of
the overloaded techs", "the busiest of our underutilised techs") is flagged, never ranked by the state's measure alone.
"""
from __future__ import annotations

from dataclasses import replace

from moat.ai.catalogue import METRICS, Intent, Threshold
from moat.ai.least_state_words import LEAST_STATE, LOSS_STATE, OF_STATE_SET, ORDER_SAID
from moat.ai.reading import Reading


def least_of_state(r: Reading, intent: Intent) -> Intent:
    """The intent ranked the other way for "least" + a state (module docstring); flagged where the set or the order is
    not clear; else unchanged."""
    if intent.count or intent.share or intent.compared or intent.each or intent.passing_total:
        return intent
    said = r.raw.lower()  # the state's words are read (blanked) in ``r.text`` by now
    if (inside := OF_STATE_SET.search(said)) is not None:
        _flag(r, f"'{inside.group(0).strip()}' ranks inside a set kept by a state; read as the state's rows ranked by "
                 f"{METRICS[intent.metric].label}: check the reading, or ask for the set and the ranking one at a time")
        return intent
    least = LEAST_STATE.search(said)
    if least is None:
        return intent
    if (least["state"] and intent.threshold is None and intent.order is not None and LOSS_STATE.fullmatch(least["state"])
            and intent.metric in ("gross_profit", "gross_margin") and not ORDER_SAID.search(said)):
        r.reasons.append(f"'{least.group(0)}' read as the {intent.grouping} nearest break-even of those below 0: the "
                         f"highest {METRICS[intent.metric].label} under 0")  # "whose margin was least negative"
        return replace(intent, order="desc", threshold=Threshold("<", 0.0))
    if intent.order is None or ORDER_SAID.search(said) or (least["state"] and intent.threshold is None):
        _flag(r, f"'{least.group(0)}' ranks the rows nearest the edge of that state; the reading may rank them the "
                 "other way: check the order")
        return intent
    flipped = "asc" if intent.order == "desc" else "desc"
    if least["measure"]:  # "least idle": the most utilised of everyone, no state kept
        r.reasons.append(f"'{least.group(0)}' read as the opposite end of {METRICS[intent.metric].label} over every "
                         f"{intent.grouping}")
        return replace(intent, order=flipped, threshold=None)
    label = METRICS[intent.metric].label
    r.reasons.append(f"'{least.group(0)}' read as the {intent.grouping} nearest the edge of that state: of those with "
                     f"{label} {intent.threshold.text(METRICS[intent.metric].kind)}, the "  # type: ignore[union-attr]
                     f"{'highest' if flipped == 'desc' else 'lowest'} {label}")
    return replace(intent, order=flipped)


def _flag(r: Reading, reason: str) -> None:
    r.confidence = min(r.confidence, 0.6)
    r.reasons.append(reason)
