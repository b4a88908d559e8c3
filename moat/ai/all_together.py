"""h78 (issue 15, held-out class: "all clients together"): a kind of entity quantified and then joined into one
("all clients together", "every client added up", "all our technicians combined", "the whole client base") asks for
one amount over them, as "across all clients" does (``lexicon.ACROSS_ALL``). Why: "all" / "every" before a kind's noun
is otherwise read as the list of them (h27: "for every client" is distributive), so "other direct costs in 2024, all
clients together" was answered with a per-client list. A ranking, a count or a split word ("by", "per", "which")
elsewhere in the question keeps the list: then the words ask for rows after all.
"""

from __future__ import annotations

import re

from moat.ai.reading import Reading

# the kinds a figure is summed over (the text has "customers" written "clients", "techs" "technicians")
_KIND = r"(?:clients?|accounts?|technicians?|engineers?|products?|vendors?|licenses|subscriptions)"
_JOINED = (r"(?:(?:put|taken|added|lumped|rolled|counted|summed|pooled)\s+)?(?:together|combined)|added\s+up|"
           r"summed(?:\s+up)?|rolled\s+up|pooled|in\s+total|as\s+(?:a\s+)?whole|"
           r"as\s+(?:one|a\s+single)(?:\s+(?:number|figure|amount|total|sum))?")
_TOGETHER = re.compile(
    r"\b(?:(?:for|of|over|from|across|with|on)\s+)?(?:all|every|each)\s+(?:of\s+)?(?:(?:our|the|my|their)\s+)?"
    r"(?:(?:licenses?|licensed|software|subscription|seat)\s+)?"  # h129: "all licence products together"
    + _KIND + r"\s+(?:" + _JOINED + r")\b|"
    r"\b(?:(?:for|of|over|from|across)\s+)?(?:the|our|my)\s+(?:whole|entire|full)\s+(?:client|customer)\s+base\b|"
    r"\b(?:client|customer)\s+base\s+as\s+a\s+whole\b")
# the same said apart: "what did every client's other costs come to in 2026, added up"
_QUANTIFIED = re.compile(r"\b(?:all|every|each)\s+(?:of\s+)?(?:(?:our|the|my|their)\s+)?" + _KIND + r"\b")
_JOINED_LAST = re.compile(r"\b(?:" + _JOINED + r"|all\s+together|altogether)\s*$")
# words that ask for rows after all: a split, a ranking or a count
_ROWS = re.compile(r"\b(?:by|per|which|who|whom|rank|ranked|ranking|top|bottom|list|most|least|highest|lowest|"
                   r"best|worst|biggest|smallest|how\s+many|number\s+of|count)\b")


def all_together(r: Reading) -> None:
    """Blank "all clients together" (module docstring) so the figure is one amount over them; a parser step."""
    m = _TOGETHER.search(r.text)
    if m is None:
        m, last = _QUANTIFIED.search(r.text), _JOINED_LAST.search(r.text)
        if m is None or last is None or last.start() < m.end() or _ROWS.search(r.text):
            return None
        r.use(last.span(), blank=True)
    elif _ROWS.search(r.text[:m.start()] + " " + r.text[m.end():]):
        return None
    r.use(m.span(), blank=True)
    r.summed = True
    r.reasons.append(f"'{' '.join(m.group(0).split())}' read as one amount over all of them, not one row each")
    return None
