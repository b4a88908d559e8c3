"""h99 (issue 15, heldout15): between two periods, "tech hours" / "technician hours" / "engineer hours" with no word asking per technician
("by", "per", "each", "which", "who", a ranking, a threshold) is the hours the technicians logged together: "how did
tech hours change from January to February" is the company's hours in both months and the change, never a table of
every technician's change. The noun only says whose hours they are."""

from __future__ import annotations

import re

from moat.ai.reading import Reading

_WHOSE_HOURS = re.compile(r"\b(?:techs?|technicians?|engineers?|staff|team)(?:'s|s')?\s+(?:hours|hrs|time)\b")
_PER_ONE = re.compile(r"\b(?:by|per|each|every|which|who|whose|individual(?:ly)?|respective(?:ly)?|breakdown|split|"
                      r"all (?:the |our )?(?:techs?|technicians?|engineers?)|ranked|rank|list)\b")


def team_hours(r: Reading) -> None:
    """Undo the one-row-per-technician reading of "tech hours" when two periods are compared and nothing asks per
    technician (module docstring): the company's hours in both periods and the change."""
    said = r.raw.lower()
    if r.grouping != "technician" or r.before is None or r.metric not in ("hours", "billable_hours") or "technician" in r.filters:
        return
    if r.order is not None or r.threshold is not None or r.count or r.limit or r.change in ("down", "up"):
        return
    if _WHOSE_HOURS.search(said) and not _PER_ONE.search(said):
        r.grouping = "company"
        r.reasons.append("the technicians' hours taken together (ask 'by technician' for one row each)")
