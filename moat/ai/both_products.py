"""h117: "how many clients have both E3 and Business Premium": "both" asks for the clients holding EVERY product named,
but the clients measure with several products counts the clients holding ANY of them (20 where 2 was right), and it
was answered confidently. Until clients can be counted per combination of products, it is refused, naming what can be
asked (as the list form "which clients have both A and B" already is)."""
from __future__ import annotations

import re

from moat.ai.catalogue import Intent
from moat.ai.product_combinations import combination_refusal
from moat.ai.reading import Parse, Reading

BOTH = re.compile(r"\bboth\b|\bas well as\b|\band also\b")


def both_products_refusal(r: Reading, intent: Intent) -> Parse | None:
    """A refusal when every one of several products is asked and the reading would count any one of them."""
    if intent.grouping == "client" and (combined := combination_refusal(r)) is not None:  # h123: listed the same way
        return combined
    products = intent.filter("product") or intent.filter("vendor")
    clients = intent.metric == "clients" or intent.count and intent.grouping == "client"
    if not clients or len(products) < 2 or BOTH.search(r.raw.lower()) is None:
        return None
    first, second = products[0], products[1]
    return r.refuse(f"I can count the clients holding any of {' / '.join(products)}, not those holding every one of "
                    f"them at once. Ask for each product's clients and compare the lists, or for the clients holding "
                    f"any of them.", [f"Which clients have {first}?", f"Which clients have {second}?"])
