"""h96 (issue 15): a client named by its first word, shared by several clients, followed by a short form of the next
word of exactly one of them ("summit cap" with Summit Capital and Summit Dental held; "ironclad archit" with
Ironclad Accounting, Ironclad Architects and Ironclad Law Partners): that one client, never asked back.

Why: a "why" about "<first word> acctg" was asked back "which one did you mean" although "acctg" shortens only "Accounting"
(``moat.ai.mentions.contracts``: a prefix of 3 letters or more, or the first letter and later letters in order). The
reading says which name was read. "acct" is not read so: it is written "account" before this runs, and "the Ironclad
account" is still asked back (h50), as a word for the client itself."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from moat.names import normalize

SETTLED_SCORE = 0.85
# a noun for the client itself after the shared word ("the Ironclad account", "the Zenith client"): which of them is
# still asked back (h50), even where the noun happens to start a name word ("account" / "Accounting")
_KIND_NOUN = re.compile(r"(?:clients?|customers?|accounts?|ones?|firms?|company|companies|business(?:es)?|practices?|"
                        r"groups?|office|offices|site|sites|team)$")


def settled_by_next_word(m: Any, tokens: list[tuple[str, int, int]], contracts: Callable[[str, str], bool]) -> Any:
    """``m`` (a ``moat.ai.mentions.Mention``, not imported: mentions imports this module) narrowed to the one candidate whose next name word the word after it shortens; ``m`` itself otherwise."""
    if not m.ambiguous or m.kind != "client":
        return m
    said = [i for i, t in enumerate(tokens) if t[1] >= m.span[0] and t[2] <= m.span[1]]
    if len(said) != 1 or said[-1] + 1 >= len(tokens):
        return m
    first = normalize(tokens[said[0]][0].strip(".'"))
    word, start, stop = tokens[said[-1] + 1]
    following = normalize(word.strip(".'"))
    if start - m.span[1] > 2 or len(following) < 3 or _KIND_NOUN.match(following):
        return m
    fits = []
    for name in m.ambiguous:
        words = normalize(name).split()
        if len(words) >= 2 and words[0] == first and contracts(following, words[1]):
            fits.append(name)
    if len(fits) != 1:
        return m
    return type(m)(m.kind, (fits[0],), SETTLED_SCORE, (m.span[0], stop))
