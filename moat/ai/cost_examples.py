"""h82 (issue 15): costs given with examples ("direct costs like hardware and travel", "other costs, e.g. travel",
"expenses such as equipment or mileage") name the measure, other direct cost over every category.

Why: the category words after "like" / "such as" / "e.g." / "for example" were read as a category filter (a confident
answer about hardware and travel only), or refused where one example is no category of the data ("mileage"). The
examples say what kind of cost is meant, not which costs to keep; a filter is written as the measure itself
("hardware costs") or with "for / on / in hardware", and those readings are left as they were."""

from __future__ import annotations

import re

# the cost noun the examples illustrate, with "other" / "direct" before it if written
_COST = r"\b(?:(?:other|direct|client)\s+){0,2}(?:costs?|expenses?|expenditure|spend(?:ing)?)"
# the words that introduce examples of the noun before them (folded text: "e.g." is "e.g" or "eg")
_MARKER = r"(?:like|such as|e\.?\s?g\.?|for (?:example|instance)|say|things like|stuff like)"
# an example: a kind of client cost, named in the words people use (a category of the data or not)
_KIND = (r"(?:subcontract(?:or|ors|ing|ed)?|sub-contractors?|contractors?|freelancers?|hardware|travel(?:l?ing)?|"
         r"mileage|equipment|shipping|freight|postage|couriers?|materials?|parts|supplies|consumables|cabling|devices?|"
         r"laptops?|servers?|flights?|hotels?|meals?|accommodation|expenses|fuel|parking|taxis?|rentals?)")
_LIST = _KIND + r"(?:\s*(?:,|and|or|&|/|plus)\s*(?:(?:and|or)\s+)?" + _KIND + r"){0,5}"
EXAMPLES = re.compile(_COST + r"\s*,?\s*(?:" + _MARKER + r")\s*,?\s*" + _LIST + r"(?:\s*,?\s*(?:and so on|etc\.?|and the like))?"
                      r"\s*(?P<comma>,)?")


def cost_examples(text: str) -> str:
    """``text`` with a cost noun and its examples written as the glossary's measure: "direct costs like hardware and
    travel, ytd" -> "other direct costs , ytd". Every example is a cost besides labour and licences, so the noun they
    illustrate is other direct cost even where only "direct costs" or "expenses" was written (the comma that closed
    the examples kept as the break it was)."""
    return EXAMPLES.sub(lambda m: "other direct costs" + (" ," if m["comma"] else " "), text)
