"""h139 (h133 E): the words of a yes/no about EVERY member of a kind ("did every tech hit 60% billable", "were all
clients under 10k", "has each client been profitable") -- declarations only; ``moat.ai.every_failing`` reads them."""

from __future__ import annotations

from moat.ai.own_figure_words import YES_NO

# the yes/no opening, then "every / all (of) (our / the) / each" within a few words, then a kind of entity (or one
# word for a kind of client: "every healthcare client", "all our clinics")
EVERY_ASKED = (YES_NO + r"\s+(?:\w+\s+){0,2}?(?:every|each|all)(?:\s+one)?(?:\s+of)?\s+(?:(?:our|the|my|its|their)\s+)?"
               r"(?:single\s+)?(?:\w+\s+)?(?:clients?|customers?|accounts?|techs?|technicians?|engineers?|staff|"
               r"people|employees|segments?|sectors?|industries|industry|vendors?|products?|licen[cs]es?|clinics|"
               r"practices|firms|companies|businesses|credit unions)\b")
# words that ask for something else than whether every one passes: a ranking, a count, the passers named
OTHER_ASKED = r"\b(?:which|who|whom|whose|how many|number of|count|list|top|bottom|highest|lowest|(?<!at )most|(?<!at )least|rank\w*)\b"
# "the opposite side of a mark": the rows that fail a threshold are those on its other side
OPPOSITE = {">": "<=", ">=": "<", "<": ">=", "<=": ">", "between": "outside", "outside": "between"}
