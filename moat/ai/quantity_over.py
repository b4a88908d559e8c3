"""h104 (issue 15, heldout16 class d): "<a quantity> over <a capacity>" divides, whatever the nouns: "all hours logged
over hours available", "time booked over time available", "worked hours over capacity", "billable time over
availability" are ratios (the utilisations), never the threshold "over 100%".

Why: the rule of quantities reads "over their capacity" as "more than the hours available", i.e. total utilisation
over 100% (``moat.ai.numbers``), which is right when a PERSON is over it ("who worked over capacity") and wrong when a
QUANTITY is ("time booked over time available" defines the ratio). h94 and h99 taught two spellings of the quantity
("billable hours over", "hours logged over"); this reads any of them: a noun of time or hours (optionally "all",
"total", "billable", "worked", "logged" around it, the participle after it) right before "over", and a capacity after
it, is written "<quantity> vs <capacity>", which the utilisation rules read as the ratio (``moat.ai.tech_time``).
"Divided by" is read the same way (``lexicon.FOLD`` writes h99's "hours logged over capacity" so; "time worked divided
by capacity" was left unread)."""

from __future__ import annotations

import re

# "all" / "every" before the quantity is dropped: the hours logged against capacity are every hour already, and "all
# hours" would otherwise be read on its own (``moat.ai.all_hours``), leaving the capacity unread
_EVERY = r"(?<![\d.] )\b(?:(?:all|every)\s+(?:(?:of\s+)?the\s+)?)?"
_QUANTITY = (r"(?:(?:total|billable|non-billable|worked|logged|booked|recorded|clocked|tracked)\s+)*"
             r"(?:hours?|hrs?|time)(?:\s+(?:logged|worked|booked|recorded|clocked|tracked|billed|put in|spent))?")
_CAPACITY = (r"(?:(?:his|her|their|the|our|its)\s+)?(?:full\s+|total\s+)?(?:capacity|availability|available\s+(?:hours|time)|"
             r"(?:hours|time)\s+available)\b")
QUANTITY_OVER_CAPACITY = re.compile(_EVERY + r"(?P<quantity>\b" + _QUANTITY + r")\s+(?:over|divided\s+by)\s+(?=" + _CAPACITY + r")")


def quantity_over_capacity(text: str) -> str:
    """The folded question with "<quantity> over <capacity>" written "<quantity> vs <capacity>" (module docstring)."""
    return QUANTITY_OVER_CAPACITY.sub(lambda m: re.sub(r"\bhour\b", "hours", m["quantity"]) + " vs ", text)  # "every hour"
