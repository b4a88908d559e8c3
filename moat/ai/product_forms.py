"""h67 (issue 15, held-out class: seat states with product short forms): product names as people shorten them.

"Exchange Online P1", "EXO Plan 1", "exchange plan 1" all name Exchange Online Plan 1, and were refused as an unknown
name. Three ways of writing a name shorter, each checked against the products of *this* data, are written out in full
before the names are matched:
- a plan code: "P1" / "p2" for "Plan 1" / "Plan 2", right after a word of a product whose name holds a plan (a plan
  the data lacks is then refused by name, ``moat.ai.product_names``);
- a contraction: one word made of the starts of two or more consecutive words of one product's name ("EXO" = EXchange
  Online), only when written in capitals or followed by the rest of that name ("exo plan 1"), since short words are
  often English ("exo" is in the dictionary);
- a name with one inner word left out ("exchange plan 1", never its first word), ending on a plan code or number, so
  a bare "exchange" stays the word the other rules read.
Two products that fit equally leave the words as written. State words joined by hyphens ("assigned-to-purchased") are
written apart, as the seat rules read them (``moat.ai.seat_words``).
"""

from __future__ import annotations

import re

from moat.names import normalize

_TOKEN = re.compile(r"[a-z0-9]+")
_PLAN_CODE = re.compile(r"^p(\d)$")
_STATES = r"purchased|bought|assigned|allocated|active|used"
_STATE_HYPHENS = re.compile(rf"\b({_STATES})-(to|vs|versus|over|against)-({_STATES})\b")


def _prefixes(word: str, names: list[str], least: int = 2) -> bool:
    """Whether ``word`` is the starts of ``names`` in order, each at least one letter (the first ``least``)."""
    if not names:
        return word == ""
    head = names[0]
    return any(head[:n] == word[:n] and _prefixes(word[n:], names[1:], 1)
               for n in range(least, min(len(head), len(word)) + 1))


def _contraction(word: str, name: list[str]) -> tuple[int, int] | None:
    """The run of ``name``'s words (start, end) that ``word`` contracts ("exo" -> exchange online), or None."""
    if len(word) < 3 or not word.isalpha():
        return None
    for start in range(len(name)):
        for end in range(start + 2, len(name) + 1):
            run = name[start:end]
            if word != run[0] and word[:2] == run[0][:2] and _prefixes(word, run):
                return start, end
    return None


def written_out(text: str, raw: str, products: list[str]) -> tuple[str, list[str]]:
    """``text`` with product short forms written out in full and state hyphens apart, and what was read so."""
    text = _STATE_HYPHENS.sub(r"\1 \2 \3", text)
    names = [normalize(p).split() for p in products]
    fixes: list[str] = []
    text = _contractions(text, raw, names, fixes)
    text = _plan_codes(text, names, fixes)
    text = _left_out(text, names, fixes)
    return text, fixes


def _contractions(text: str, raw: str, names: list[list[str]], fixes: list[str]) -> str:
    tokens = list(_TOKEN.finditer(text))
    for i in reversed(range(len(tokens))):
        word = tokens[i].group(0)
        fits = []
        for name in names:
            run = _contraction(word, name)
            if run is None:
                continue
            after = [t.group(0) for t in tokens[i + 1:i + 3]]
            rest = name[run[1]:]
            continues = bool(rest and after and (after[0] == rest[0] or _PLAN_CODE.match(after[0])
                                                 and rest[0] == "plan"))
            if continues or re.search(rf"\b{re.escape(word.upper())}\b", raw):
                fits.append(" ".join(name[run[0]:run[1]]))
        if len(set(fits)) == 1:
            text = text[:tokens[i].start()] + fits[0] + text[tokens[i].end():]
            fixes.append(f"{word} -> {fits[0]}")
    return text


def _plan_codes(text: str, names: list[list[str]], fixes: list[str]) -> str:
    tokens = list(_TOKEN.finditer(text))
    for i in reversed(range(1, len(tokens))):
        code = _PLAN_CODE.match(tokens[i].group(0))
        if code is None:
            continue
        before = tokens[i - 1].group(0)
        if any(before in name and "plan" in name for name in names):  # "P2" of a product with plans: "plan 2"
            text = text[:tokens[i].start()] + f"plan {code[1]}" + text[tokens[i].end():]
            fixes.append(f"{tokens[i].group(0)} -> plan {code[1]}")
    return text


def _left_out(text: str, names: list[list[str]], fixes: list[str]) -> str:
    for name in names:
        if len(name) < 3 or " ".join(name) in text or not re.fullmatch(r"[a-z]?\d+", name[-1]):
            continue
        for skip in range(1, len(name) - 1):
            short = name[:skip] + name[skip + 1:]
            if len(short) < 3:  # "microsoft e3" would read "microsoft 365" as a code: two words before the code at least
                continue
            others = [n for n in names if n is not name and n[:skip] + n[skip + 1:-1] == short[:-1]]
            # the last word may be another plan code ("exchange plan 2"): written out, it is refused by name
            code = r"\d+" if name[-1].isdigit() else r"[a-z]?\d+"
            pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, short[:-1])) + rf"\s+(?P<code>{code})\b")
            m = pattern.search(text)
            if m and not others:
                full = " ".join(name[:-1] + [m["code"]])
                text = text[:m.start()] + full + text[m.end():]
                fixes.append(f"{m.group(0)} -> {full}")
                break
    return text
