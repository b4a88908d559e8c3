"""h129 (issue 15, heldout20 before): "the margin of our three largest customers (by revenue)", "GM% for the top 3
clients by revenue", "for our three biggest accounts by billing, each one's gross margin": the entities are CHOSEN by
the measure said after "by" (their revenue), and the measure asked is shown for them.

Why: h117's size rule (``moat.ai.size_chosen``) reads "our 3 biggest clients" as chosen by revenue only when no "by"
follows (then "the top 3 clients by margin" is that ranking), so with the size measure said outright the question
listed the asked measure's own top 3 (the clients with the best margin), flagged with "revenue" unread: another set of
clients than the one asked about. Here the ranking phrase "<top | biggest | largest | leading | N> [N] <clients |
accounts | customers | techs> by <revenue | billing | sales | gross profit | hours>" chooses the rows when the question
asks another measure; its words are read.
"""

from __future__ import annotations

import re
from dataclasses import replace

from moat.ai import lexicon as lx
from moat.ai.catalogue import Intent
from moat.ai.reading import Reading

# the measure each word after "by" names (the sizes a list is chosen by)
SIZE_MEASURES = {"revenue": "revenue", "rev": "revenue", "billing": "revenue", "billings": "revenue", "sales": "revenue",
                 "turnover": "revenue", "invoicing": "revenue", "amount billed": "revenue", "gross profit": "gross_profit",
                 "profit": "gross_profit", "hours": "hours", "hours worked": "hours", "hours logged": "hours"}
_NOUNS = {"client": r"clients?|accounts?|customers?", "technician": r"techs?|technicians?|engineers?|staff"}
_MEASURE = "|".join(sorted((re.escape(w) for w in SIZE_MEASURES), key=len, reverse=True))
RANKED_BY = re.compile(r"\b(?:top|biggest|largest|leading|highest|" + lx.NUM + r")\s+(?:(?:" + lx.NUM + r")\s+)?"
                       r"(?P<noun>" + "|".join(_NOUNS.values()) + r")\b(?:'s?)?\s*(?P<by>(?:\(\s*)?(?:by|in\s+terms\s+of|on)\s+"
                       r"(?P<measure>" + _MEASURE + r")\b(?:\s*\))?)")


def ranked_by_other(r: Reading, intent: Intent) -> Intent:
    """The intent with ``chosen_by`` set to the measure after "by" when it ranks the listed entities and another
    measure is asked (module docstring); the phrase's words are read. Else unchanged."""
    if intent.chosen_by:  # h127's size rule chose the rows by the same measure first: its words are read all the same
        for m in RANKED_BY.finditer(r.text):
            if SIZE_MEASURES[re.sub(r"\s+", " ", m["measure"])] == intent.chosen_by:
                r.use(m.span("by"))
        return intent
    if (intent.limit is None or intent.order is None or intent.chosen_by or intent.threshold is not None or intent.count
            or intent.share or intent.compared or intent.each or intent.passing_total or intent.shown):
        return intent
    for m in RANKED_BY.finditer(r.text):
        kind = next(k for k, words in _NOUNS.items() if re.fullmatch(words, m["noun"]))
        size = SIZE_MEASURES[re.sub(r"\s+", " ", m["measure"])]
        if kind != intent.grouping or size == intent.metric or (kind == "technician") != (size == "hours"):
            continue
        r.use(m.span("by"))  # the reading's own line says the rows are chosen by that size
        return replace(intent, chosen_by=size, order="desc")
    return intent
