"""h57 (issue 15, reviewer h51's D16): "which clients had other direct costs last year" asks for the clients that had
some: the list of every client with $0.00 rows among them answered another question, confidently. A possession verb
("had", "have", "incurred", "got") between the entities asked ("which clients", "clients that") and an amount measure,
with no number, ranking or second period said, keeps the entities whose amount is above zero, highest first."""

from __future__ import annotations

import re

from moat.ai.catalogue import METRICS, Threshold
from moat.ai.reading import Reading

_ENTITIES = r"(?:clients|accounts|technicians|techs|engineers|staff|products|vendors)"
# h89: "what our accounts got billed" is a passive (what they were billed: the amount), never "which had some"
_HAVE = r"(?:had|have|has|incurred|incur|carried|carry|carrying|incurring|got|get)(?!\s+(?:billed|charged|invoiced|paid)\b)"
_HAVING = re.compile(rf"\b(?:which|what)\s+(?:of\s+(?:our|the|my)\s+)?(?:our\s+|the\s+|my\s+)?{_ENTITIES}\s+"
                     rf"(?:(?:actually|really|ever|still|even)\s+)?{_HAVE}\b|"
                     rf"\b{_ENTITIES}\s+(?:that|who|which)\s+(?:(?:actually|really|ever|still|even)\s+)?{_HAVE}\b|"
                     # h99: "clients with any other costs", "clients carrying other costs", "who had sundry costs"
                     rf"\b{_ENTITIES}\s+(?:with\s+(?:any|some)|carrying|incurring)\b|^\s*who\s+{_HAVE}\b|"
                     # h131 (h121 G): "list clients with unbilled time in June": the clients that had some, never all
                     # of them ("list clients with their hours" shows a figure beside each: left alone)
                     rf"^\s*(?:please\s+)?(?:list|show|name|give|find)\s+(?:me\s+|us\s+)?(?:all\s+)?(?:the\s+|our\s+|my\s+)?"
                     rf"(?:{_ENTITIES}|customers)\s+(?:that\s+(?:had|have)\s+|with\s+(?!(?:their|its|his|her|the|each|a|an|no|zero|nil|nothing|none|negative|0)\b))")


def having_some(r: Reading) -> bool:
    """Sets "above zero" on the amount when the question asks which entities had some of it (module docstring)."""
    if r.metric is None or METRICS[r.metric].kind == "percent" or r.metric == "clients":
        return False
    if (r.threshold is not None or r.threshold_raw is not None or r.order is not None or r.limit or r.before is not None
            or r.count or r.share or r.change is not None or r.mom):
        return False
    found = _HAVING.search(r.text)
    if found is None:
        return False
    r.threshold = Threshold(">", 0.0)
    r.order = "desc"
    r.no_limit = True  # every entity that had some, not the first five
    r.reasons.append(f"'{found.group(0).strip()} {METRICS[r.metric].label}' read as those with some: above zero")
    return True
