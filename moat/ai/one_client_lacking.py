"""h86 (issue 15): the narrative of a yes / no on one client lacking a product ("does Acme not have Huntress"), whose
rows are the lacking list narrowed to that client (``moat.ai.lacking``): [name, 0] is yes, no row is no.

Why its own words: the list's narrative ("Highest seat-months purchased: Acme (0)") reads as a ranking and says
nothing for an empty answer; a yes / no question is answered yes or no, and the no says both things it can mean.
"""

from __future__ import annotations

from typing import Any

from moat.ai.catalogue import Intent


def one_client_answer(intent: Intent, rows: list[list[Any]]) -> str:
    """"Yes: ..." when the client held no seats of the products in the period, else "No: ..." (module doc)."""
    client = " / ".join(intent.filter("client"))
    products = " / ".join(intent.filter("product"))
    period = f"{intent.start.isoformat()}..{intent.end.isoformat()}"
    if rows:
        return f"Yes: {client} had activity in {period} and held no seats of {products} (0 seat-months purchased)."
    return (f"No: {client} held seats of {products} in {period}, or had no activity in it (no invoice, time, licence or "
            f"cost); ask for its {products} seats to see how many.")
