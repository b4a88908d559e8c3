"""h44 (issue 15, reviewer h38's classes C2, C5, C6): the words written beside a product name settle which product.

- A family or vendor word followed by a word of one of its products narrows to that product: "M365 Basic" is
  Microsoft 365 Business Basic, "MS Premium" Business Premium, never the whole family summed (C2).
- A product name matched with a different plan number or edition ("Exchange Online Plan 2" against Plan 1, "Microsoft
  365 E5" against E3, "Huntress Managed ITDR" against EDR), or a family followed by a plan code none of its products
  has ("M365 F3"), names a product the data does not hold: refused by name with the closest products (C5).
- A product's name written on past its matched words in another direction ("Defender for Office 365" against Defender
  for Business) is another product, never the matched one plus whatever the rest matches (C6).
Names are compared after the shared normalisation (``moat.names.normalize``), word by word.
"""

from __future__ import annotations

import re
from dataclasses import replace
from difflib import get_close_matches

from moat.ai import lexicon as lx
from moat.ai.mentions import Mention, NameIndex, token_spans
from moat.names import normalize

# a plan number or edition code: "2", "e5", "f3", "p1", "itdr" (a short word that is not an ordinary English word)
_CODE = re.compile(r"^(?:\d{1,3}|[a-z]{1,2}\d{1,2}|[a-z]\d[a-z]?)$")


def _is_code(word: str) -> bool:
    return bool(_CODE.match(word))


def _differs_as_a_code(written: str, name: str) -> bool:
    """A written word differs from the name's word as a plan number / edition, not as a typo ("2" vs "1", "e5" vs
    "e3", "itdr" vs "edr"; "premum" vs "premium" is a typo)."""
    if written == name:
        return False
    if any(c.isdigit() for c in written + name):
        return True
    return len(name) <= 4 and len(written) <= 5  # two short codes ("itdr", "edr"): another edition, not a typo


def settle_products(text: str, mentions: list[Mention], index: NameIndex) -> tuple[list[Mention], str | None]:
    """The product mentions narrowed by the word after them, or the written name of a product the data lacks."""
    tokens = token_spans(text)
    out = list(mentions)
    for i, m in enumerate(mentions):
        if m.kind != "product" or m.ambiguous:
            continue
        written = [normalize(t) for t, s, e in tokens if s >= m.span[0] and e <= m.span[1]]
        after = [(normalize(t), s, e) for t, s, e in tokens if s >= m.span[1]][:3]
        if len(m.names) == 1:
            unknown = _departs(written, after, normalize(m.names[0]).split())
            if unknown:
                return out, unknown
            continue
        if not after or after[0][0] in lx.STOP:
            continue
        word, _s, end = after[0]
        having = tuple(p for p in m.names if word in normalize(p).split())
        if having and word not in written:
            out[i] = replace(m, names=having, span=(m.span[0], end))  # "m365 basic": the one with that word
        elif _is_code(word) and not word.isdigit() or word == "plan" and len(after) > 1 and _is_code(after[1][0]):
            return out, " ".join(written + [w for w, _s, _e in after[:2 if word == "plan" else 1]])
    return out, None


def _departs(written: list[str], after: list[tuple[str, int, int]], name: list[str]) -> str | None:
    """The written name when it is not ``name``: a word differing as a plan code, or words after the match that
    leave the name's own continuation ("defender for office" against "defender for business")."""
    if len(written) == len(name) and any(_differs_as_a_code(w, n) for w, n in zip(written, name, strict=True)):
        return " ".join(written)
    if not written or written[-1] not in name:
        return None
    rest = name[name.index(written[-1]) + 1:]
    if rest and after and _is_code(rest[0]) and _differs_as_a_code(after[0][0], rest[0]):  # "exchange online plan | 2"
        return " ".join(written + [after[0][0]])
    if rest and written[-1] in lx.STOP and after and after[0][0] != rest[0]:  # "defender for | microsoft 365"
        return " ".join(written + [after[0][0]] + ([after[1][0]] if len(after) > 1 and _is_code(after[1][0]) else []))
    if len(rest) >= 2 and len(after) >= 2 and after[0][0] == rest[0] and after[1][0] != rest[1] \
            and after[1][0] not in lx.STOP:
        return " ".join(written + [after[0][0], after[1][0]] + ([after[2][0]] if len(after) > 2 and _is_code(after[2][0]) else []))
    return None


def refusal(written: str, products: tuple[tuple[str, str], ...]) -> tuple[str, list[str]]:
    """The message for a product the data does not hold, with the closest products it does hold."""
    names = sorted({p for p, _ in products})
    close = get_close_matches(written, [normalize(p) for p in names], n=3, cutoff=0.5)
    closest = [p for c in close for p in names if normalize(p) == c]
    hint = f" The closest products in your data: {', '.join(closest)}." if closest else \
        f" Your licence data has: {', '.join(names[:8])}."
    return (f"I can't answer that from your data: it holds no product '{written}' (a plan or edition that differs is "
            f"a different product).{hint} Ask about one of those by its name.", [f"Licence waste for {p} last month"
                                                                                  for p in closest[:2]])
