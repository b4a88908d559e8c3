"""h89 (issue 15): clients written as the object of a billing verb ("what we billed clients", "what we charged our
customers", "what was invoiced to clients") are whom the amount was billed to, not a grouping.

Why: a polite request for what was billed to clients in a month was answered as the list of clients by revenue at
confidence 0.76: the "what" before the verb was read as the cue of the noun ("what clients"), as if the question asked
which clients. The verb stands between the cue and the noun: the question asks one amount. Only a word that splits
the noun itself ("each", "every", "per", "which") or a list asked elsewhere ("by client", "list", "rank", "top")
asks for one row each."""

from __future__ import annotations

import re

from moat.ai.listed_words import LIST_ASKED

# a billing verb (and "to" / a determiner) right before the noun: the noun is whom it was billed to
_BILLED_BEFORE = re.compile(r"\b(?:bill(?:s|ed|ing)?|charg(?:e|es|ed|ing)|invoic(?:e|es|ed|ing))\s+(?:to\s+)?"
                            r"(?:(?:our|the|my|those|these)\s+)?$")


def billed_object(text: str, start: int) -> bool:
    """Whether the grouping noun at ``start`` of ``text`` is the object of a billing verb and nothing else in the
    question asks for a list: then a cue before the verb ("what we billed clients") does not group by it."""
    return _BILLED_BEFORE.search(text[:start]) is not None and LIST_ASKED.search(text) is None
