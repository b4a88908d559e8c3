"""h78 (issue 15, held-out class: not having a product): "which clients don't have Huntress", "clients without
SentinelOne", "who isn't on E3", "how many customers have no Datto seats" ask for the clients holding none of a product
(or of a vendor's products), listed or counted (``moat.ai.compile.lacking`` computes them).

Why: without this the product became a filter and the answer listed the clients that *do* hold it (or, after
"without", every other product's holders, h65's exclusion), or the question was refused with no hint. A negation of
holding ("don't have", "isn't on", "not using", "no", "without", "lacking", "missing") right before a product or vendor
named, in a question about clients ("clients", "accounts", "who") that names no other measure and no client, reads
that. The clients asked about are those with activity in the period; with no period named, a present tense asks about
now: the latest month with data (as "which clients have Datto" does). Who counts as a client of the period is a
choice two readers may make differently (every client on the books, only those with licences), so the answer is
flagged and says which clients it looked at.

A negation of holding beside another measure ("revenue from clients without Huntress") is refused naming what can be
asked: the list of those clients, then the figure per client.

h86: one client named in a yes / no question ("does Acme not have Huntress", "is Acme missing Huntress", "Acme - do
they not have Datto?") is the same list narrowed to that client: [name, 0] when it held none (yes), nothing when it
held some or had no activity in the period (no); the narrative says which (``moat.ai.one_client_lacking``).
"""

from __future__ import annotations

import re

from moat.ai.reading import Parse, Reading
from moat.metrics.periods import Period

_NOT = r"(?:\s+not|n't|nt)"
# a negation of holding, right before the (blanked) product name
_CUE = re.compile(
    r"\b(?:(?:do|does|did)" + _NOT + r"\s+(?:(?:yet|currently|even|actually)\s+)?(?:have|use|run|hold|own|buy|take|carry|get)|"
    r"(?:is|are|was|were)" + _NOT + r"\s+(?:(?:yet|currently|even|actually)\s+)?(?:on|using|running|with|holding|"
    r"signed\s+up\s+(?:for|to|with)|subscribed\s+to)|"
    r"(?:has|have|had)" + _NOT + r"\s+(?:yet\s+)?(?:got|bought|taken|adopted)|"
    r"not\s+(?:yet\s+)?(?:on|using|running|holding|having)|"
    r"(?:has|have|had|having|with|hold|holds|holding|held|own|owns|buy|buys|bought|carry|carries|run|runs)\s+(?:no|zero)|"
    r"(?:(?:is|are|was|were)\s+)?(?:still\s+)?yet\s+to\s+(?:adopt|buy|get|take|use|roll\s+out|sign\s+up\s+(?:for|to|with))|"
    r"lacking|missing|lack|lacks|lacked|without|w/o|sans|no|zero|never\s+(?:had|used|bought|ran|adopted))"
    r"(?:\s+(?:any|the|our|a|an))*\s*$")
_CLIENTS = re.compile(r"\b(?:clients?|accounts?|who|whom|which\s+ones|anyone|anybody)\b")
# "without" read first as leaving the product out (h65), its word blanked: seen in the question as typed
_WITHOUT = re.compile(r"\b(?:without|w/o|sans)\b")
_OTHER_MEASURE = re.compile(r"\b(?:revenue|sales|income|profits?|margins?|gross|costs?|costing|spend|spent|pay|paid|money|"
                            r"hours?|time|utili[sz]\w*|waste|wasted|unused|idle|active|assigned|billable|labou?r|share|"
                            r"percent(?:age)?|average|trend)\b|[$%]")
_SEAT_WORDS = re.compile(r"\b(?:seats?|licenses?|licensing|subscriptions?|products?|any\s+of\s+(?:it|them))\b")
# h86: a yes / no about one client ("does Acme not have", "is Acme missing", "Acme - are they without")
_YES_NO = re.compile(r"^\s*(?:does|do|did|is|are|was|were|has|have|had)\b|\b(?:do|does|did|are|is|was|were)\s+(?:they|it)\b|"
                     r"\b(?:right|correct|true|yes or no)\W*$")  # "Acme doesn't have Huntress, right?"
# the client's negation may stand apart from its auxiliary ("does Acme not have", "do they not have")
_ONE_CUE = re.compile(r"\b(?:not|n't|never)\s+(?:(?:yet|currently|even|actually)\s+)?(?:have|hold|own|use|run|carry|got|"
                      r"on|using|running|holding|having)(?:\s+(?:any|the|our|a|an))*\s*$|\blacks?\s*$")
_TENSE_NOW = re.compile(r"\b(?:do|does|is|are|have|has|don't|doesn't|isn't|aren't|haven't|hasn't|still|yet|currently)\b")


def lacking_product(r: Reading) -> Parse | None:
    """The clients holding none of the named products (module docstring); a parser step."""
    products = r.filters.get("product") or r.excluded.get("product")
    one = _one_client(r)
    if not products or not one and ({"client", "technician"} & (set(r.filters) | set(r.excluded))
                                    or not _CLIENTS.search(r.text)):
        return None
    cues = [m for start, _end in r.name_spans
            if (m := _CUE.search(r.text[:start]) or (_ONE_CUE.search(r.text[:start]) if one else None)) is not None]
    excluded = "product" in r.excluded and "product" not in r.filters
    if not cues and not (excluded and _WITHOUT.search(r.raw.lower())):
        return None
    others = len(r.name_spans) - len(cues) - (1 if "segment" in r.filters else 0) - (1 if one else 0)
    if cues and others > 0:  # "clients with Huntress but no SentinelOne": holding one and lacking another
        return r.refuse("I can list the clients without a product, or those with one, but not both conditions at once "
                        "yet: ask which clients don't have the one, then which clients have the other, and compare.",
                        ["Which clients don't have SentinelOne?", "Which clients have Huntress?"])
    if _OTHER_MEASURE.search(r.text):
        if not cues:
            return None  # "licence waste by client without Microsoft": the product left out of a figure (h65)
        what = " / ".join(products) if len(products) < 3 else "those products"
        return r.refuse(f"I can list the clients without {what} (ask \"which clients don't have {what}\"), or count them, "
                        "but not another figure over only those clients yet: ask for that figure per client (e.g. "
                        "\"revenue by client\") and read the clients the list names.",
                        [f"Which clients don't have {what}?", f"How many clients don't have {what}?"])
    if excluded:
        r.filters["product"] = r.excluded.pop("product")
        r.reasons[:] = [x for x in r.reasons if not x.startswith("left out product")]
    r.lacking = True
    r.metric, r.unit, r.grouping = "seats_purchased", "seats", "client"  # clients, listed (or counted), whatever the noun
    for m in cues:
        r.use(m.span(), blank=True)
    for m in _SEAT_WORDS.finditer(r.text):  # h129: "no Datto product": the noun is the product's, never a grouping
        r.use(m.span(), blank=m.group(0).startswith("product"))
    if not r.named_period and r.period is not None and _TENSE_NOW.search(r.text):
        end = r.period.end  # "which clients aren't on E3" (now): the latest month with data
        r.period = Period(end.replace(day=1), end)
        r.period_label = f"{end:%B %Y} (the latest month with data)"
        r.reasons.append(f"no period named: the clients of {end:%B %Y}, the latest month with data")
    r.confidence *= 0.6
    r.reasons.append(f"the clients with activity in the period (an invoice, time, a licence or a cost) holding no seats of "
                     f"{' / '.join(products)}; every client on the books, or only those with other licences, would be "
                     "another list")
    return None


def _one_client(r: Reading) -> bool:
    """h86: a yes / no question about one client (and a product), nothing else named."""
    return (len(r.filters.get("client", ())) == 1 and "product" in (set(r.filters) | set(r.excluded))
            and not set(r.excluded) - {"product"} and not {"technician", "segment"} & set(r.filters)
            and _YES_NO.search(r.text) is not None)
