"""h104 (issue 15, heldout16 class e): a money measure with "every tech" / "all clients" said as a clause of its own
("labour cost in Q1, every engineer", "what we invoiced last month - every client") is ONE total over all of them,
flagged, the list named as the other reading.

Why: "every" is distributive after "for" ("revenue for every client" lists them, h27), so the clause was read as the
list of every technician at full confidence; the held-out author meant the total over every technician (the company's
labour cost). A clause of its own scopes the amount ("..., all products" is one figure, h99; "labour for 2026, all
accounts" one amount, h96), but a reader may still want one row each: the total is given with the confidence under
the review line and the reason names how to ask for the list. A word asking per entity (by, per, each, which, list,
a ranking: ``listed_words.LIST_ASKED``) or "for every" keeps the list; a ratio is never summed."""

from __future__ import annotations

import re

from moat.ai.catalogue import METRICS
from moat.ai.listed_words import LIST_ASKED
from moat.ai.reading import Reading

_NOUNS = {"technician": r"techs?|technicians?|engineers?|staff|people", "client": r"clients?|customers?|accounts?"}
_CLAUSE = {kind: re.compile(r"(?:^|[,;:(\u2013\u2014]|\s-+\s)\s*(?:across\s+|over\s+)?(?:every|all(?:\s+of)?(?:\s+(?:the|our|"
                            r"my))?)\s+(?:single\s+)?(?:" + nouns + r")\s*(?=$|[,;:)?.!\u2013\u2014]|\s-+\s)")
           for kind, nouns in _NOUNS.items()}


_LABEL = {kind: re.compile(r"\s*(?:every|all(?:\s+of)?(?:\s+(?:the|our|my))?)\s+(?:" + nouns + r")\s*:")
          for kind, nouns in _NOUNS.items()}

def every_clause_total(r: Reading) -> None:
    """One total, flagged, for a money measure scoped by an "every / all <kind>" clause (module docstring); a grouping
    step run once the grouping noun is read."""
    if r.grouping not in _CLAUSE or r.metric is None or METRICS[r.metric].kind != "money" or len(r.filters.get(
            r.grouping, ())) or r.order is not None or r.limit is not None or r.threshold is not None or r.count \
            or r.change is not None or r.before is not None or r.share or r.mom:
        return
    said = r.raw.lower()
    if LIST_ASKED.search(said) is not None or _CLAUSE[r.grouping].search(said) is None or _LABEL[r.grouping].match(said):
        return  # h119: "all clients: revenue" leads with the rows asked, a label of the list, never a scope
    kind = r.grouping
    for words in re.finditer(r"\b(?:(?:across|over)\s+)?(?:every|all(?:\s+of)?(?:\s+(?:the|our|my))?)\s+(?:single\s+)?(?:"
                             + _NOUNS[kind] + r")\b", r.text):
        r.use(words.span())
    r.grouping, r.all_only, r.summed, r.no_limit = "company", None, True, False
    r.confidence *= 0.6
    r.reasons.append(f"'every {kind}' said as a clause of its own: one total over every {kind} (ask '{METRICS[r.metric].label}"
                     f" by {kind}' for one row each)")


def said_as_scope(question: str) -> bool:
    """"..., every tech" written as a clause of its own (``agreement``: the one total then honours it)."""
    said = question.lower()
    return LIST_ASKED.search(said) is None and any(clause.search(said) for clause in _CLAUSE.values())
