"""h95 (issue 15): "what should we change / fix with <client>" asks what to do about it: the Insights page's actions.

Before, the client's gross profit was answered with "change" left unread. The words only imply the reading (a change
of price, of seats, of the work done), so the route is flagged for review: the actions of the Insights page are the
nearest answer the data gives, never a confident one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from moat.ai.reading import Reading

WHAT_TO_CHANGE = re.compile(r"\bwhat (?:should|can|could|must|would|do) (?:we|i|you)(?: need to| have to)? "
                            r"(?:change|fix|adjust|tweak|do differently)\b")
FLAGGED = 0.65  # under the review threshold (0.70): the reading is implied, not said


def what_to_change(r: Reading) -> re.Match[str] | None:
    """The words asking what to change, read as a flagged "what to do about"; None when the question has none."""
    said = WHAT_TO_CHANGE.search(r.text)
    if said is not None:
        r.confidence *= FLAGGED
        r.reasons.append(f"'{said.group(0)}' read as what to do about it (the Insights page's recommended actions): "
                         "check that this is what you asked")
    return said
