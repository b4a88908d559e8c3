"""h123 (issue 15): clients asked by a COMBINATION of licence products ("clients with both Huntress and SentinelOne",
"with Microsoft and Datto", "Huntress but not SentinelOne", "use only Microsoft") are refused, naming what can be
asked, never answered as the clients holding any one of them.

Why: a product filter over client rows keeps the clients holding ANY of the named products, so "both A and B" answered
that way lists clients holding only one (the "either" reading, a confident wrong list); "A but not B" and "only A" have
no reading at all. Until the clients can be chosen per combination of products, the question is refused with the two
questions whose lists answer it (each product's holders; h78's clients holding none of a product). h117's refusal of a
COUNT with "both" (``moat.ai.both_products``) is the same rule for a count.
"""

from __future__ import annotations

import re

from moat.ai.reading import Parse, Reading

_HOLD = r"(?:have|has|had|having|with|use|uses|used|using|on|run|runs|running|hold|holds|held|holding|buy|buys|bought|take|takes)"
# two names (blanked in the text) joined by "and" after a verb of holding: both asked
_BOTH = re.compile(rf"\b{_HOLD}\s+(?:both\s+)?\s{{2,}}(?:and also|and|as well as|plus|&)\s{{2,}}|\bboth\b")
_ONLY = re.compile(rf"\b(?:only|just|solely|exclusively)\s+{_HOLD}\b|\b{_HOLD}\s+(?:only|just|solely|exclusively)\b|"
                   r"\b(?:only|just|solely|exclusively)\s{2,}")
_CLIENTS = re.compile(r"\b(?:clients?|customers?|accounts?|who)\b")


def combination_refusal(r: Reading) -> Parse | None:
    """The refusal of clients chosen by a combination of products (module docstring); None for any other question."""
    products = r.filters.get("product", ())
    if not products or not _CLIENTS.search(r.text) or r.lacking:
        return None
    said = None
    if r.excluded.get("product") and not set(r.excluded["product"]) & set(products):  # "Microsoft except E3" narrows
        said = "holding one product and not another"
    elif len(products) >= 2 and _BOTH.search(r.text):
        said = "holding every one of several products"
    elif _ONLY.search(r.text):
        said = "holding only the products named and no other"
    if said is None:
        return None
    first = products[0]
    return r.refuse(f"I can't yet list the clients {said}: a product filter keeps the clients holding any of the "
                    "products named. Ask for each product's clients and compare the lists, or for the clients that "
                    "don't have a product.", [f"Which clients have {first}?", f"Which clients don't have {first}?"])
