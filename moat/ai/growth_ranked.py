"""h131 (h121 C2, item 123): "bottom 3 clients by revenue growth Q1 to Q2", "the 5 clients with the weakest growth":
growth is the measure RANKED, so every entity's change is in the ranking, falls included. Before, "growth" set the
direction "up" and the list kept only the clients that rose, so the bottom 3 were the three smallest RISES (+525,
+525, +759) while three clients had fallen by thousands: another question, answered confidently. As with "revenue
growth by client" (``lexicon.GROWTH_OF_EACH``), the change is then "any"; "which clients grew" still keeps the rises."""

from __future__ import annotations

import re

# a ranking word, then "growth" within a few words ("bottom 3 clients by revenue growth", "lowest growth in revenue",
# "ranked by growth"), or "growth ..., bottom 3"; "growth" alone with no ranking word keeps its direction
_RANK = (r"top|bottom|highest|lowest|biggest|smallest|largest|least|most|weakest|strongest|slowest|fastest|best|worst|"
         r"poorest|ranked|ranking|sorted|ordered")
_RANK_AFTER = r"top|bottom|highest|lowest|biggest|smallest|largest|weakest|strongest|slowest|fastest|best|worst|poorest"
GROWTH_RANKED = re.compile(r"\b(?:" + _RANK + r")\b(?:\s+[\w'’&-]+){0,6}?\s+growth\b|"
                           r"\bgrowth\b(?:[\s,;:-]+[\w'’&>-]+){0,8}?[\s,;:-]+(?:" + _RANK_AFTER + r")\s+(?:\d+|"
                           r"one|two|three|four|five|six|seven|eight|nine|ten)\b|\bgrowth\s+(?:ranking|ranked|order)\b")


def growth_ranked(text: str) -> bool:
    """Whether "growth" is the measure a ranking is by (module doc)."""
    return GROWTH_RANKED.search(text) is not None
