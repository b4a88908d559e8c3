"""h89 (issue 15): a figure broken down, split or spread across a kind of entity ("split Q1 hours across our legal
clients", "break down revenue across the healthcare customers", "hours broken out over our accounts") asks for one row
per entity of that kind.

Why: "across <segment> clients" alone scopes one amount (``moat.ai.across_filter``: "unused seat cost across
healthcare clients" is one total), so a segment's hours asked "broken down across" its clients were answered as the
segment's one total at full confidence: the word that asks for the parts was not read. A breakdown word (before
"across / over / among <kind>" or after it; only determiners or a name already read between) lists that kind; the other filters
(the segment) stay."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from moat.ai import lexicon as lx

if TYPE_CHECKING:
    from moat.ai.reading import Reading

# the words that ask for the parts of a figure
_SPLIT = re.compile(r"\b(?:break(?:s|ing)?\s+(?:\S+\s+){0,5}?(?:down|out)|broken\s+(?:down|out)|breakdown|break-down|"
                    r"split(?:s|ting)?(?:\s+up)?|spread|divid(?:e|ed|ing)(?:\s+up)?|distribut(?:e|ed|ing)|apportion(?:ed)?)\b")
# "across / over / among" and the determiners before the kind's noun (a name read before stands as blanks)
_ACROSS = re.compile(r"\b(?:across|over|among(?:st)?|between|throughout)\s+(?:(?:all|of|our|the|my|each|every)\s+|\s+)*$")
_KINDS = [(name, lx.compile_words(p)) for name, p in lx.GROUP_PATTERNS if name != "month"]


def breakdown_across(r: Reading) -> bool:
    """Group by the kind a breakdown word spreads the figure across (see the module docstring); whether it did."""
    split = _SPLIT.search(r.text)
    if split is None or r.metric is None:
        return False
    for name, pattern in _KINDS:
        for noun in pattern.finditer(r.text):
            across = _ACROSS.search(r.text[:noun.start()])
            if across is None or split.start() < noun.end() and across.start() < split.end():
                continue  # the breakdown word before "across", or after the noun ("hours across our clients, split")
            if name in r.filters and len(r.filters[name]) == 1:
                continue  # "split across Harbor's accounts": one entity, nothing to break down
            r.grouping = name
            r.use(split.span())
            r.use((across.start(), noun.end()), blank=True)
            r.reasons.append(f"broken down across {name}s: one row per {name}")
            return True
    return False
