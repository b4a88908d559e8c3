"""h86 (issue 15, held-out class): a question that only asks for a forecast is refused, and the reply names what can be
asked instead: the same measure for a past period, or per month (the trend the user would forecast from).

Why: the refusal said only "not forecast the future" and the engine's generic suggestion (revenue) followed whatever
measure was asked; and forecasts worded as an expectation or a likelihood ("what revenue should we expect in June",
"how much are clients likely to bill us in May", "an estimate of next quarter's waste") were not seen as forecasts,
so a future month was read as the past month of that name or as no period. ``lexicon.REFUSE_FUTURE`` and
``lexicon.FUTURE_TENSE`` keep the tense rules; the wordings here add the expectation words.
"""

from __future__ import annotations

import re

from moat.ai.catalogue import METRICS
from moat.ai.lexicon import METRIC_PATTERNS, compile_words
from moat.ai.reading import Parse, Reading

# An expectation or a likelihood of a figure ("should we expect", "likely to bill", "an estimate of", "projecting")
FORECAST_WORDS = re.compile(
    r"\b(?:should|would|could|can|might|do|does|will) (?:we|i|you|they|it) (?:\w+ )?(?:expect|anticipate|project|predict|"
    r"foresee)\b|\bexpect(?:ed|ing)? (?:to|in|by|for|over|during|next|this|from)\b|\bon pace (?:for|to)\b|"
    r"\btrending (?:toward|towards|to)\b|^\s*(?:please )?(?:estimate|predict)\b(?!.*\b(?:last|previous|past|prior|ago)\b)|"
    r"\b(?:likely|projected|expected|on course|poised) to (?!(?:leave|churn|cancel|quit|go|walk|be at risk)\b)|"
    r"\b(?:an? |our |your |the )?estimate (?:of|for)\b|\bestimated (?:revenue|profit|hours|costs?|margin|waste)\b|"
    r"\bprojecting\b|\bproject (?:our|the|my)\b|\b(?:how|what) (?:will|would|could|might) .{0,40}\blook like\b|"
    r"\bwhat do the (?:numbers|figures|data) (?:say|suggest|tell us)\b.{0,60}\b(?:will|next|coming)\b")
_MEASURES = [(compile_words(p), name) for p, name in METRIC_PATTERNS if name in METRICS]


def forecast_asked(text: str) -> bool:
    """Whether the (folded) question words an expectation of a figure (module doc)."""
    return FORECAST_WORDS.search(text) is not None


def forecast_refusal(r: Reading) -> Parse:
    """The refusal of a forecast, naming the measure's past figure and its months (module doc)."""
    from moat.ai.risk_future import leaves_asked, leaving_refusal

    if leaves_asked(r.text):  # h135: "which clients are going to churn next year": the risk score, not revenue
        return leaving_refusal(r)
    hits = [(m.start(), i, name) for i, (pattern, name) in enumerate(_MEASURES) if (m := pattern.search(r.text))]
    label = METRICS[min(hits)[2]].label if hits else "revenue"  # the first said; at one place, the first pattern
    return r.refuse(f"I can only report what your data shows, not forecast the future. Ask for {label} in a past "
                    f"period, or {label} per month over the last 12 months to see the trend.",
                    [f"What was our {label} last quarter?", f"{label.capitalize()} per month over the last 12 months"])
