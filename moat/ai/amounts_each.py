"""h99 (issue 15, heldout15): "which clients had other costs in the last 6 months, and how much (each)" asks for the
list of those clients with each one's amount: "and how much" after "which <entities>" asks the amounts of the rows
asked, not one sum over them (h54's one total stays for "how much in total / altogether / combined")."""

from __future__ import annotations

import re

_ASKED = re.compile(r"\b(?:which|who|list|show)\b")
_AMOUNTS = re.compile(r"\b(?:and|with|plus|,)\s+(?:how\s+much|what\s+(?:amounts?|they\s+(?:were|came\s+to)|were\s+they))\b|"
                      r"\bhow\s+much\s+(?:for\s+)?(?:each|apiece)\b|"
                      r"\b(?:with|and|plus|incl(?:uding)?)\s+(?:the\s+|their\s+|its\s+)?(?:amounts?|figures?|values?)\b")
_ONE_SUM = re.compile(r"\b(?:in\s+total|total(?:led)?|altogether|all\s+together|combined|together|all\s+told|overall|sum(?:med)?|"
                      r"in\s+all|added\s+up)\b")


def amounts_each(said: str) -> bool:
    """True when the question asks which entities, and the amount of each (module docstring)."""
    return bool(_ASKED.search(said) and _AMOUNTS.search(said) and not _ONE_SUM.search(said))
