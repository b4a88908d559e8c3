"""h118 (issue 15, h114's hunt, sections D / E): the kind of entity a count or a condition is about is the noun the
question counts, never another kind it mentions.

- "how many clients did the techs work on": the CLIENTS with time logged are counted (hours > 0 per client), never
  the technicians because "techs" is the subject of the verb;
- "how many of our techs did Harbor have": the technicians of that client (an entity count), never "clients with
  activity" for the client named;
- a condition on the CLIENTS of each segment ("segments with clients losing money", "which segment has the most
  unprofitable clients", "count clients by segment that lost money") tested on each segment's own total answered
  another question (a segment whose own profit is positive can hold loss-making clients): refused, naming the
  questions that are answered, until a count of clients per segment under a condition is taught.
"""

from __future__ import annotations

import re

from moat.ai.catalogue import Threshold, groupings_of
from moat.ai.reading import Parse, Reading

_COUNTED = re.compile(r"\b(?:how many|number of|count(?: of| the)?|no\. of)\s+(?:of\s+)?"
                      r"(?:(?:our|the|all|different|distinct|unique|separate|individual|licen[cs]e)\s+)*"
                      r"(?P<kind>clients|technicians|engineers|products|vendors)\b")
_KIND = {"clients": "client", "technicians": "technicians", "engineers": "technicians", "products": "products",
         "vendors": "vendors"}
_HOUR_METRICS = ("hours", "billable_hours", "non_billable_hours")
# h118 (section F): a count of the OTHER kind per row ("the tech who worked with the most clients", "clients more than
# 3 techs worked on"): distinct related entities, not the rows' hours
_RELATED = re.compile(r"\b(?:most|fewest|least|more than|over|fewer than|less than|under|at least|above|below)\s+"
                      r"(?:\d[\d,]*\s+)?(?:(?:different|distinct|separate|unique)\s+)?(?P<noun>clients|technicians|engineers)\b")
_OTHER = {"clients": "technician", "technicians": "client", "engineers": "client"}
# a segment's CLIENTS under a condition: "segment(s) ... clients", "clients by / per / in each segment"
_SEGMENT_OF_CLIENTS = re.compile(r"\b(?:segments?|industr(?:y|ies)|verticals?|sectors?)\b.*\bclients?\b(?!'s)"
                                 r"|\bclients\b.*\b(?:by|per|in each|for each|of each)\s+(?:segment|industry|vertical|sector)\b")


def related_refusal(r: Reading, related: re.Match[str], grouping: str) -> Parse:
    """The refusal of a count of the other kind per row ("clients more than 3 techs worked on"); h127 also asks it
    once the reading is complete (``moat.ai.entity_count_mark``)."""
    noun, rows = related["noun"], f"{grouping}s"
    return r.refuse(f"I can't yet count the different {noun} each of the {rows} worked with ('{related.group(0)}'):"
                    f" that is a count of {noun}, not hours. Ask for one at a time, e.g. \"how many clients did Priya "
                    f"Shah work on last month\", or for hours by {grouping}.")


def counted_noun(r: Reading) -> Parse | None:
    """Rereads the grouping of a count from the noun counted (module docstring); a refusal for a condition on the
    clients of each segment."""
    if r.grouping == "segment" and r.metric not in (None, "clients", "segments") \
            and (r.threshold is not None or r.count) and _SEGMENT_OF_CLIENTS.search(r.text):
        return r.refuse("I can't yet test a condition on the clients inside each segment: a segment's own total is not "
                        "its clients'. Ask about the clients instead, e.g. \"which clients lost money last quarter\" or "
                        "\"how many healthcare clients lost money last quarter\", one segment at a time.")
    related = _RELATED.search(r.text) or _RELATED.search(r.raw.lower())
    if related and r.grouping in ("client", "technician") and (r.grouping == _OTHER[related["noun"]] or re.search(
            r"\bclients?\b" if _OTHER[related["noun"]] == "client" else r"\btechnicians?\b|\bengineers?\b", r.text)):
        return related_refusal(r, related, r.grouping)
    m = _COUNTED.search(r.text)
    if m is None or r.metric is None:
        return None
    kind = _KIND[m.group("kind")]
    if kind != "client" and r.metric == "clients" and r.filters.keys() & {"client", "segment"}:
        r.metric, r.count, r.grouping = kind, False, "company"  # "how many of our techs did Harbor have"
        r.use(m.span())
        r.reasons.append(f"'{m.group(0)}': its {kind} counted, not the clients named")
        return None
    if kind == "client" and r.count and r.grouping == "technician" and "client" in groupings_of(r.metric) \
            and r.metric in _HOUR_METRICS and not r.filters.keys() & {"technician"}:
        r.grouping = "client"  # "how many clients did the techs work on": clients with time logged
        if r.threshold is None:
            r.threshold = Threshold(">", 0.0)
        r.use(m.span())
        r.reasons.append(f"'{m.group(0)}': the clients counted (those with time logged), not the technicians")
    return None
