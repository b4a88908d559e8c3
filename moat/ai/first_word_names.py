"""h96 (issue 15): a client named by its first word, shared by several clients, followed by a short form of the next
word of exactly one of them ("summit cap" with Summit Capital and Summit Dental held; "ironclad archit" with
Ironclad Accounting, Ironclad Architects and Ironclad Law Partners): that one client, never asked back.

Why: a "why" about "<first word> acct" was asked back "which one did you mean" although "acct" shortens only "Accounting"
(``moat.ai.mentions.contracts``: a prefix of 3 letters or more, or the first letter and later letters in order). The
reading says which name was read (the score is a guess's, so an answer on it shows the name it used)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from moat.names import normalize

if TYPE_CHECKING:
    from collections.abc import Callable

    from moat.ai.mentions import Mention

SETTLED_SCORE = 0.85


def settled_by_next_word(m: Mention, tokens: list[tuple[str, int, int]],
                         contracts: Callable[[str, str], bool]) -> Mention:
    """``m`` narrowed to the one candidate whose next name word the word after it shortens; ``m`` itself otherwise."""
    if not m.ambiguous or m.kind != "client":
        return m
    said = [i for i, t in enumerate(tokens) if t[1] >= m.span[0] and t[2] <= m.span[1]]
    if len(said) != 1 or said[-1] + 1 >= len(tokens):
        return m
    first = normalize(tokens[said[0]][0].strip(".'"))
    word, start, stop = tokens[said[-1] + 1]
    following = normalize(word.strip(".'"))
    if start - m.span[1] > 2 or len(following) < 3:
        return m
    fits = []
    for name in m.ambiguous:
        words = normalize(name).split()
        if len(words) >= 2 and words[0] == first and contracts(following, words[1]):
            fits.append(name)
    if len(fits) != 1:
        return m
    return type(m)(m.kind, (fits[0],), SETTLED_SCORE, (m.span[0], stop))
