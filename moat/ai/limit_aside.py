"""h115 (issue 15, heldout18 class e): the number of rows written as an aside after the ranked noun ("highest EHR
clients (3)", "lowest utilisation techs last qtr (three)", "worst margin accounts, 4, last month", "top clients x3") is
the limit, never the default top / bottom five with the number reported as unread.

Why: the limit rules (``lexicon.N_BEFORE`` / ``N_AFTER`` / ``N_NOUN``) read a number beside the side word or before
the noun; a number set apart by brackets, commas or "x" was left unread, the default five shown, flagged. The aside
is read only when the question ranks (a side word) and nothing else took a number as the limit; the number is a
small whole count (1-2 digits or a number word), so a year, a day of a month or an amount is never read so."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from moat.ai import lexicon as lx
from moat.ai.periods import NUMBER_WORDS

if TYPE_CHECKING:
    from moat.ai.reading import Reading

_WORDS = "|".join(sorted((re.escape(k) for k in NUMBER_WORDS if " " not in k and k not in ("a", "an", "one")),
                         key=len, reverse=True))
_SMALL = r"(?:\d{1,2}|" + _WORDS + r")"
# as typed: "(3)", "( three )", ", 3," / ", 3" at the end, "x3" / "x 3" / "×3"
_ASIDE = re.compile(r"\(\s*(?P<a>" + _SMALL + r")\s*\)|,\s*(?P<b>" + _SMALL + r")\s*(?:,|\.|\?|$)|"
                    r"(?<![\w$])(?:x|×)\s?(?P<c>\d{1,2})\b")


def limit_aside(r: Reading) -> re.Match[str] | None:
    """The aside number in ``r.text`` as a match with group ``n`` (module docstring), or None."""
    if not (lx.DESC_RE.search(r.text) or lx.ASC_RE.search(r.text)):
        return None
    aside = _ASIDE.search(r.raw.lower())
    if aside is None:
        return None
    written = aside["a"] or aside["b"] or aside["c"]
    found = list(re.finditer(r"\b(?:x\s?)?(?P<n>" + re.escape(written) + r")\b", r.text))
    if len(found) != 1:  # the number written elsewhere too: not sure which one is the aside
        return None
    r.use(found[0].span())
    return found[0]
