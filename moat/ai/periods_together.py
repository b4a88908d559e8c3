"""h117: "combined revenue Q4 and Q1", "hours for Jan and Feb together": two periods joined by "combined / together /
in total" ask for ONE sum over both, not each period with the change (answered confidently as a comparison). Periods
next to each other are read as the one span they make; periods apart cannot be one span, so the comparison is kept,
flagged, naming how to ask for the sum."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from moat.ai import lexicon as lx
from moat.ai.catalogue import METRICS, Intent
from moat.ai.reading import Reading
from moat.ai.total_of_both import total_of_both

# h128: one figure asked for two periods ("two quarters' revenue, one number", "as a single figure"): their sum
ONE_FIGURE = re.compile(r"\b(?:as\s+)?(?:one|a single|single)\s+(?:number|figure|amount|total|sum|value)\b")


def periods_together(r: Reading, intent: Intent) -> Intent:
    """One span over two periods asked together (module doc); a comparison otherwise unchanged."""
    if not intent.compared or intent.threshold is not None or intent.relative or intent.each:
        return intent
    if lx.COMBINED.search(r.text) is None and lx.COMBINED.search(r.raw.lower()) is None \
            and ONE_FIGURE.search(r.text) is None and not total_of_both(r):  # h128: "Q4 and Q1 hours, one number"
        return intent
    first, second = sorted([(intent.compare_start, intent.compare_end), (intent.start, intent.end)])
    if first[1] + timedelta(days=1) == second[0]:
        r.reasons.append(f"two periods asked together: one figure over {first[0]}..{second[1]}")
        return replace(intent, start=first[0], end=second[1], compare_start=None, compare_end=None, change=None,
                       period_label=f"{first[0]}..{second[1]}")
    r.confidence *= 0.6
    summed = "their sum" if METRICS[intent.metric].combine[0] == "sum" else "one figure over both"
    r.reasons.append(f"two periods apart asked together: {summed} is not one period, so each is shown with the "
                     f"change; ask for the whole range ({first[0]} to {second[1]}) or add the two")
    return intent
