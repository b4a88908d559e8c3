"""h139 (h133 M): marks over two compared periods that were answered as something else, confidently.

- "how many healthcare clients lost money in Q4 vs Q1" asks for a count in EACH period (2 and 1, the change -1); the
  mark with no direction is applied to the later period only (README: provisionally), so one count (1) came back at
  0.83 under a reading that promised both values and the change. Refused, naming each period's count to ask.
- "which techs' billable utilisation rose by more than 10% from April to May": on a ratio, "10%" may be ten points
  (0.60 -> 0.70) or ten percent of the earlier value (0.60 -> 0.66); the points were used at 0.95 with no word of the
  other. Kept, flagged, the reason naming "% change" for the relative reading ("10 points" says which)."""

from __future__ import annotations

import re

from moat.ai.catalogue import METRICS, Intent
from moat.ai.reading import Parse, Reading

_POINTS = re.compile(r"\b(?:points?|pts?|pp|percentage points?|basis points?)\b")


def compared_marks(r: Reading, intent: Intent) -> Parse | None:
    """Refuse a count under a mark over two periods with no direction; flag a percent change of a ratio (module doc)."""
    if not intent.compared or intent.threshold is None:
        return None
    label = METRICS[intent.metric].label if intent.metric in METRICS else intent.metric
    if intent.count and intent.change in (None, "any"):
        first, second = f"{intent.compare_start:%B %Y}", f"{intent.start:%B %Y}"
        if intent.end.month != intent.start.month or intent.end.year != intent.start.year:
            first = f"{intent.compare_start:%d %b %Y} to {intent.compare_end:%d %b %Y}"
            second = f"{intent.start:%d %b %Y} to {intent.end:%d %b %Y}"
        mark = f"{label} {intent.threshold.text(METRICS[intent.metric].kind)}"
        of = "".join(f" of {' / '.join(names)}" for _, names in intent.filters)
        return r.refuse(f"I can count the {intent.grouping}s{of} with {mark} in one period at a time, not both periods "
                        "and the change in one answer. Ask for each period's count.",
                        [f"How many {intent.grouping}s{of} had {mark} in {when}?" for when in (first, second)])
    if METRICS.get(intent.metric) is not None and METRICS[intent.metric].kind == "percent" and not intent.relative \
            and intent.change in ("up", "down") and r.threshold_raw is not None and r.threshold_raw[3] \
            and not _POINTS.search(r.raw.lower()):
        r.confidence *= 0.6
        r.reasons.append(f"a change of {label} by a percent read as percentage POINTS; for the change relative to the "
                         f"earlier value ask for the '% change' of {label}")
    return None
