"""h89 (issue 15): a value that "fell within / into / inside / in" a range lies in it; it did not fall.

Why: technicians whose utilisation "fell in" a range of percentages in a month were read as a FALL between two
periods (the change filtered on the range), an empty list at confidence 1.0; the question asks whose utilisation lay
in that range in the month. A verb of landing ("fell", "falls", "falling", "sat", "landed") followed
by a preposition of place and a range is membership: written "was within" so the range is read as a threshold on
the value. "Fell by 10 to 20 percent", "fell from 80 to 60 percent" and "fell between 5k and 10k" (a change, or
possibly one) keep their reading."""

from __future__ import annotations

import re

# a number as folded text writes it ("60", "60 percent", "$5k", "10,000")
_NUMBER = r"\$?\d[\d,.]*\s*(?:%|percent|pct|k|thousand)?"
# the range after the preposition: "the 60 to 80 percent range", "60-80 percent", "sixty and eighty" (folded to digits)
_RANGE = (r"(?:the\s+|a\s+)?(?:(?:range|band|bracket|window)\s+(?:of\s+)?)?(?:between\s+)?" + _NUMBER
          + r"\s*(?:to|-|and|through|thru)\s*" + _NUMBER)
_LANDED = re.compile(r"\b(?:fell|falls?|falling|fallen|sat|sits?|sitting|landed|lands?|landing)\s+"
                     r"(?:with\s*in|within|into|inside(?:\s+of)?|in)\s+(?=" + _RANGE + r")")


def as_membership(text: str) -> str:
    """``text`` (folded) with "fell within <range>" written "was within <range>" (see the module docstring)."""
    return _LANDED.sub("was within ", text)
