"""h139 (h133 M): two readings that answered another question confidently.

- "which clients went / fell into the red in May" asks for the clients whose gross profit turned negative, not every
  client in the red (Meridian, already in the red in April, was listed at 0.82; the right answer was Keystone Dental
  and Keystone Realty). The state in the period is what is computed: flagged, the reason naming the change asked
  and how to see it (the period against the one before).
- "clients with the same revenue in April and May", "techs who logged the same hours in April and May" were answered
  as the two months summed (one total 446,946.82 at 0.99). Equal in both periods is a comparison whose change is
  zero: refused, naming the comparison to ask (both values and the change per entity)."""

from __future__ import annotations

import re

from moat.ai.catalogue import METRICS, Intent
from moat.ai.changed_state_words import INTO_LOSS, SAME
from moat.ai.reading import Parse, Reading

_INTO_LOSS = re.compile(INTO_LOSS)
_SAME = re.compile(SAME)
_NOUNS = (("client", r"\b(?:clients?|customers?|accounts?)\b"), ("technician", r"\b(?:techs?|technicians?|engineers?)\b"))


def changed_state(r: Reading, intent: Intent) -> Parse | None:
    """Flag a change into loss read as the state; refuse equality over two periods read as their sum (module doc)."""
    said = r.raw.lower()
    if _INTO_LOSS.search(said) and not intent.compared and intent.threshold is not None:
        r.confidence *= 0.6
        r.reasons.append("'into the red' asks for those whose gross profit turned negative; these are all in the red "
                         "in the period, some may already have been before: ask for gross profit by "
                         f"{intent.grouping} against the period before to see who changed")
        return None
    months = (intent.end.year - intent.start.year) * 12 + intent.end.month - intent.start.month + 1
    if _SAME.search(said) and not intent.compared and months >= 2 and re.search(r"\band\b|&", said):
        label = METRICS[intent.metric].label if intent.metric in METRICS else intent.metric
        by = f" by {intent.grouping}" if intent.grouping not in ("company", "month") else next(
            (f" by {kind}" for kind, noun in _NOUNS if re.search(noun, said)), "")
        return r.refuse(f"'The same in both' is a comparison, not the two periods added together: I can show {label}"
                        f"{by} in each period with the change (0 where it was the same).",
                        [f"{label.capitalize()}{by}, {intent.start:%B %Y} vs {intent.end:%B %Y}"])
    return None
