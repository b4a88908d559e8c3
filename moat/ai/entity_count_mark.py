"""h127 (h121 G): "how many clients did more than 3 techs work on", "clients with non-billable hours from more than 2
techs" count each client's technicians, a figure not held. h118's ``counted_noun`` refuses it while the grouping is
being read, but where the reading settled the rows later (the counted noun "clients", the grouping read first as
technicians) the number slipped through as a mark on hours ("clients with more than 3 hours": all 40) at 1.00. Asked
again once the reading is complete, with the rows the question counts, and refused with the same words."""

from __future__ import annotations

import re

from moat.ai.counted_noun import _OTHER, _RELATED, related_refusal
from moat.ai.reading import Parse, Reading

_COUNTED = re.compile(r"\b(?:how many|number of|count of|count the|which|what)\s+(?:of\s+(?:our|the)\s+)?"
                      r"(?P<noun>clients|customers|accounts|technicians|engineers)\b")
_ROWS = {"clients": "client", "customers": "client", "accounts": "client", "technicians": "technician",
         "engineers": "technician"}


def entity_count_mark(r: Reading, said: str) -> Parse | None:
    """``counted_noun``'s refusal for a mark on a number of the other kind, with the rows the question counts."""
    related = _RELATED.search(r.text) or _RELATED.search(said)
    counted = _COUNTED.search(said)
    if related is None or r.threshold is None:
        return None
    rows = _ROWS[counted["noun"]] if counted else r.grouping
    if rows != _OTHER[related["noun"]]:
        return None  # "more than 3 clients" counted among clients, or a kind the rows are not
    return related_refusal(r, related, rows)
