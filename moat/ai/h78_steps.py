"""h78 (issue 15): the parser steps that run after the names and before the ranking words, in order. Each is a
module of its own; this list keeps the parser's step list to one entry, so its merges stay small."""

from __future__ import annotations

from moat.ai.all_hours import all_hours_utilisation
from moat.ai.all_together import all_together
from moat.ai.lacking import lacking_product
from moat.ai.reading import Step


def h78_steps() -> list[Step]:
    """The steps, in the order they run."""
    return [lacking_product, all_hours_utilisation, all_together]
