"""h96 (issue 15): "the rest of" a set, or "all clients" said as a clause of its own, asked with no list word: ONE
amount over that set, never the list of it.

Why: "margin for all sectors bar legal", "billings of every account but Acme", "what the remaining customers
invoiced, Acme left out" and "labour for 2026, all accounts" were listed per client / segment (flagged
"one row each, or their total?"). Every sealed set's author who wrote them meant the one total. The list stays where a
word asks for it (by, per, each, which, rank, top ... : ``moat.ai.listed_words.LIST_ASKED``), for a ratio said over
"all clients" (a margin of all clients is each one's), and for technicians (h83: "hours for all techs but Tom" lists
them). The words are in ``moat.ai.listed_words``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from moat.ai.catalogue import METRICS
from moat.ai.listed_words import LIST_ASKED, REST_SUMMED_KINDS

if TYPE_CHECKING:
    from moat.ai.reading import Reading

_NOUNS = {"client": r"(?:clients?|customers?|accounts?)", "segment": r"(?:segments?|sectors?|verticals?|industries)"}
# the set quantified: "all (of) the other clients", "every segment", "the rest of the customers", "all the others"
_QUANTIFIED = {kind: re.compile(r"\b(?:(?:all|every)\s+(?:of\s+)?(?:(?:the|our|my)\s+)?(?:other\s+|remaining\s+)?|"
                                r"(?:the\s+)?rest\s+of\s+(?:the\s+|our\s+)?|(?:the\s+)?other\s+|remaining\s+)" + noun + r"\b")
               for kind, noun in _NOUNS.items()}
# "all clients" as its own clause: between clause breaks (or the question's ends), nothing else in it
_CLAUSE = re.compile(r"(?:^|[,;:\u2013\u2014]|\s-+\s)\s*(?P<all>all\s+(?:of\s+)?(?:(?:the|our|my)\s+)?(?:clients|customers|"
                     r"accounts))\s*(?=$|[,;:\u2013\u2014?.]|\s-+\s)")
# h119: "all clients:" leading the question is a label of the rows asked (one row each), never a scope of one total
_LABEL = re.compile(r"\s*all\s+(?:of\s+)?(?:(?:the|our|my)\s+)?(?:clients|customers|accounts)\s*:")
_ALL_CLIENTS = re.compile(r"\ball\s+(?:of\s+)?(?:(?:the|our|my)\s+)?(?:clients|customers|accounts)\b")


def rest_summed(r: Reading) -> None:
    """The grouping "all / every / the rest of the X" with an X left out, or "all clients" as a clause of its own, with
    no list word and no ranking: one amount (the company's, less the names left out)."""
    if r.grouping not in REST_SUMMED_KINDS and (r.grouping is not None or not r.excluded):
        return
    if r.order is not None or r.limit is not None or r.threshold is not None or r.count or r.change is not None \
            or r.before is not None or r.share:
        return
    said = r.raw.lower()
    if LIST_ASKED.search(said) is not None:
        return
    kind = r.grouping or next((k for k in r.excluded if k in REST_SUMMED_KINDS), None)  # "the rest of the clients billed"
    if kind in r.excluded and (m := _QUANTIFIED[kind].search(r.text)) is not None:
        r.use(m.span())
        r.grouping, r.all_only, r.summed = "company", None, True
        r.reasons.append(f"every other {kind} summed: one amount over the rest (ask 'by {kind}' for the list)")
        return
    if r.grouping == "client" and r.all_only == "client" and not r.excluded and r.metric is not None \
            and METRICS[r.metric].kind == "money" and _CLAUSE.search(said) is not None and not _LABEL.match(said) \
            and (c := _ALL_CLIENTS.search(r.text)) is not None:
        r.use(c.span())
        r.grouping, r.all_only, r.summed = "company", None, True
        r.reasons.append("'all clients' said on its own: their total (ask 'by client' for the list)")
