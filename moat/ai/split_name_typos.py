"""h93 (issue 15): a one-word name of the data typed as two words *and* misspelt ("sentinal one", "sentinel-1" is
already joined by h21's exact rule): the two words join back into the name when their first is one edit from the
name's first half and the second is its second half ("one" / "1" for "one").

Why: h21 joined "Sentinel One" only when spelt exactly, so "sentinal one seats" lost the product and answered every
product's seats (flagged). Only names of 8+ letters with a first half of 5+ letters are joined, the misspelt half
must not be a known word of the question's vocabulary, and the correction is reported (and costs confidence like any
other spelling fix).
"""

from __future__ import annotations

import re

from moat.ai.edit_distance import edits

_DIGITS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
           "nine": "9"}
_PAIR = re.compile(r"\b(?P<a>[a-z]{5,})[\s-]+(?P<b>[a-z]{3,}|\d)\b")


def join_misspelt_halves(text: str, known: set[str] | frozenset[str]) -> tuple[str, list[str]]:
    """``text`` with misspelt two-word forms of the data's one-word names joined, and the fixes made ("a b -> name")."""
    halves: dict[str, list[tuple[str, str]]] = {}  # second half -> (first half, name)
    for word in (w for w in known if len(w) >= 8 and w.isalpha()):
        for i in range(5, len(word) - 2):
            a, b = word[:i], word[i:]
            halves.setdefault(b, []).append((a, word))
            if b in _DIGITS:
                halves.setdefault(_DIGITS[b], []).append((a, word))
    if not halves:
        return text, []
    fixes: list[str] = []

    def join(m: re.Match[str]) -> str:
        a, b = m["a"], m["b"]
        if a in known:
            return m.group(0)
        found = {name for first, name in halves.get(b, []) if first != a and edits(a, first) == 1}
        if len(found) != 1:
            return m.group(0)
        name = found.pop()
        fixes.append(f"{a} {b} -> {name}")  # both halves, as typed apart: read words, never unknown names
        return name

    return _PAIR.sub(join, text), fixes
