"""h89 (issue 15): the words of one name, written in order, are that name's and nothing else's.

Why: everyone's revenue but a client written by the first two words of its name (a distinctive word, then a
segment's word, as in "Maple Retail" for Maple Retail Group) found the client by the first word alone and then read
the second as the retail segment too: the answer left the client out of the retail segment (a few clients) instead of
out of everyone (a confident wrong total). "Everyone but
Meridian Dental" left "dental" unread (flagged), and a vendor's or product's word inside a client's name ("Orchard
Datto") would have become a licence filter the same way.

The rule: a mention of one client or technician grows over the words written right next to it that continue that
name in its own order, after it (each the name's next word, or a shortened form of it: ``mentions.contracts``) and
before it (each the name's word before, as written: "legal eagles" when only "eagles" was distinctive); any other
mention inside the grown span is dropped (it was a word of the name). A segment / product word that is not a
neighbouring word of the name ("retail clients other than Maple Retail") stays what it is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Protocol, TypeVar

from moat.names import normalize


class _Named(Protocol):
    """What this rule reads of a ``mentions.Mention`` (that module imports this one)."""

    kind: str
    names: tuple[str, ...]
    span: tuple[int, int]
    ambiguous: tuple[str, ...]


Mention = TypeVar("Mention", bound=_Named)
Token = tuple[str, int, int]
Shortened = Callable[[str, str], bool]
_GAP = 2  # characters allowed between two words of one name as written (a space, a hyphen, a comma's leftover)


def with_name_runs(claimed: list[Mention], tokens: list[Token], shortened: Shortened) -> list[Mention]:
    """``claimed`` with each one-name client / technician mention grown over its name's neighbouring words (see the
    module docstring); the mentions the grown spans cover are dropped. ``shortened(said, word)``: whether a word as
    written is the name's word or a shortened form of it (``mentions.contracts``)."""
    out = list(claimed)
    for m in claimed:
        if m not in out or len(m.names) != 1 or m.ambiguous or m.kind not in ("client", "technician"):
            continue
        span = _grown(m, tokens, shortened)
        if span == m.span:
            continue
        grown = replace(m, span=span)
        out = [grown if c is m else c for c in out
               if c is m or not (c.span[0] >= span[0] and c.span[1] <= span[1])]
    return out


def _grown(m: Mention, tokens: list[Token], shortened: Shortened) -> tuple[int, int]:
    """The span of the mention with the name's words written right before and after it, in the name's order."""
    words = normalize(m.names[0]).split()
    inside = [i for i, t in enumerate(tokens) if t[1] >= m.span[0] and t[2] <= m.span[1]]
    if not inside:
        return m.span
    first, last = (normalize(tokens[i][0].strip(".'")) for i in (inside[0], inside[-1]))
    start, end = m.span
    if last in words:  # after: "maple" + "retail" of Maple Retail Group
        at, k = words.index(last), inside[-1] + 1
        while at + 1 < len(words) and k < len(tokens) and tokens[k][1] - end <= _GAP:
            said = normalize(tokens[k][0].strip(".'"))
            if not said or not shortened(said, words[at + 1]):
                break
            at, end, k = at + 1, tokens[k][2], k + 1
    if first in words:  # before: "legal" + "eagles" of Legal Eagles LLP
        at, k = words.index(first), inside[0] - 1
        while at > 0 and k >= 0 and start - tokens[k][2] <= _GAP and normalize(tokens[k][0].strip(".'")) == words[at - 1]:
            at, start, k = at - 1, tokens[k][1], k - 1
    return start, end
