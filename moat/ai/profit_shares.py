"""Each entity's share of the gross profit is refused, never answered with each one's margin (h121 H, left by h127).

"each segment's share of gross profit q2" and "what percent of profit does each segment make" were answered with each
segment's gross margin (its profit over its OWN revenue), at confidence 0.9+: the glossary ratio "profit as a % of
revenue" read into a question whose whole is everyone's profit. Each entity's part of a money total is not a figure
Ask lists (as for revenue and hours, ``entity_shares``), so the question is refused, naming what is held.
"""

from __future__ import annotations

import re

from moat.ai import lexicon as lx
from moat.ai.reading import Parse, Reading

_SHARE_OF_PROFIT = re.compile(r"\b(?:share|percent(?:age)?|proportion|portion|fraction|slice|part|%)s? of (?:(?:the|our|"
                              r"all|total|overall|company's|everyone's) )*(?:gross )?(?:profits?|gp)\b")
_KINDS = {name: p for name, p in lx.GROUP_PATTERNS if name in ("client", "segment", "technician", "product", "vendor")}
_NOUN = "|".join(f"(?P<{name}>{p})" for name, p in _KINDS.items())
_EACH = re.compile(r"\b(?:by|per|each|every|for each|for every|which)\s+(?:" + _NOUN + ")|(?:" + _NOUN.replace("?P<", "?P<s_")
                   + r")\s+(?:by|each)\b")


def share_of_profit_per_entity(r: Reading) -> Parse | None:
    """Refuse "each X's share of the gross profit" rather than list each X's margin (see the module docstring)."""
    if r.metric not in ("gross_margin", "gross_profit") or r.before is not None:
        return None
    said = r.raw.lower().replace("’", "'")
    if _SHARE_OF_PROFIT.search(said) is None or re.search(r"\bof (?:their|its|his|her) (?:own )?revenue\b|\bas a (?:share|"
                                                           r"percent(?:age)?|%) of revenue\b", said):
        return None
    each = _EACH.search(said)
    if each is None:
        return None
    kind = next((k for k in _KINDS if each.groupdict().get(k) or each.groupdict().get("s_" + k)), "client")
    if r.filters.get(kind):
        return None
    return r.refuse(
        f"I can't list each {kind}'s share of the total gross profit (their profit over everyone's). Ask for gross "
        f"profit by {kind} (each one's profit, listed), or for gross margin by {kind} (each one's profit over its own "
        "revenue).",
        [f"gross profit by {kind} last quarter", f"gross margin by {kind} last quarter"])
