"""Misspelt period words ("lst quarter", "thsi year", "Novmber"), corrected before the period is read.

A misspelt period word that no rule reads was dropped and the default period answered another question (at best
flagged). Three general rules, each a near-miss by spelling (never a list of typos):
- a month name of five letters or more ("Febuary", "Novmber", "Septmber");
- the word before a period unit that is close to "last / this / past / next / previous / prior" ("lst", "ths",
  "previus");
- the unit after such a word that is close to "year / month / quarter / week" ("this yeer", "last yaer").
Names from the data and ordinary words (``lexicon`` lists) are never touched, so a client called "Marchetti" stays.
Nor is an English word ("his year", "latest month", "Marsh", "match", "jungle": a dictionary, ``english-words``) or a
word close to a name in the data; and a month is read only in a period position: after "in / since / of / during /
until / last / this ..." or next to a year or a day number ("Novmber 2025", "3 Febuary"). So "hours logged by Marcy"
keeps "Marcy" as a name (refused as unknown), never March.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import cache

from moat.ai import lexicon as lx

_MONTH_NAMES = ["january", "february", "march", "april", "june", "july", "august", "september", "october", "november",
                "december"]  # "may" is too short to be told from a typo of another word
_RELATIVE = ["last", "this", "past", "next", "previous", "prior"]
_UNITS = ["year", "month", "quarter", "week"]
PERIOD_WORDS = {*_MONTH_NAMES, *_RELATIVE, *_UNITS, *(u + "s" for u in _UNITS)}
_MONTH_BEFORE = {"in", "since", "of", "during", "until", "till", "through", "thru", "before", "after", "last", "this",
                 "next", "from", "to", "early", "mid", "late", "end", "start"}  # "revenue in Febuary", "since Novmber"
_YEAR_OR_DAY = re.compile(r"(?:19|20)\d\d|[0-3]?\d(?:st|nd|rd|th)?")
_WORD = re.compile(r"[a-z0-9]+")  # digits are words too: in "last 3 months" the unit does not follow "last"


def closeness(word: str, option: str) -> float:
    """How alike two words are (0..1): difflib's ratio, ``word`` first. h18: the one measure this module uses, so a
    month, a relative word, a unit and a name are all judged the same way (a ratio one way and ``get_close_matches``,
    whose ratio is taken the other way round, could disagree on the same pair)."""
    return SequenceMatcher(None, word, option).ratio()


def closest(word: str, options: list[str] | set[str] | frozenset[str], cutoff: float) -> str | None:
    """The option closest to ``word`` by ``closeness`` if it reaches ``cutoff`` (ties: the first of a list, the first
    in sorted order of a set)."""
    best, score = None, -1.0
    for option in options if isinstance(options, list) else sorted(options):
        value = closeness(word, option)
        if value > score:
            best, score = option, value
    return best if best is not None and score >= cutoff else None


_close = closest  # the relative-word and unit rules


def _ordinary(word: str, protected: set[str]) -> bool:
    return word in protected or word in lx.STOP or word in lx.VALID_WORDS or word in lx.FILLER or word in lx.KEYWORDS \
        or word in lx.NEGATION or word in lx.COMMON_WORDS


@cache
def _english(lists: tuple[str, ...]) -> frozenset[str]:
    """Lower-case English words of ``english-words`` lists, loaded once, only when a fix is in view."""
    try:
        from english_words import get_english_words_set
    except ImportError:  # not installed: the period-position and name rules still hold; say how to restore this one
        import logging

        logging.getLogger(__name__).warning("english-words is not installed: `pip install english-words` so that "
                                            "English words are never corrected into period words")
        return frozenset()
    return frozenset(get_english_words_set(list(lists), lower=True, alpha=True))


def english_words() -> frozenset[str]:
    """h21: the English words of both lists (empty when ``english-words`` is not installed), for the unknown-name rule."""
    return _english(("web2", "gcide"))


def _keep(word: str, fixed: str, names: set[str]) -> bool:
    """A word no typo rule may change: an English word ("his", "latest", "match"; for a month, whose position is
    checked already, the GCIDE dictionary only, so the rare "agust" of web2 is still August), unless the word is the
    fix cut short ("las year"); or a word close to a name in the data ("Marcy" when a "Marci" is a client)."""
    lists = ("gcide",) if fixed in _MONTH_NAMES else ("web2", "gcide")
    return (word in _english(lists) and not fixed.startswith(word)) or close_name(word, names) is not None


def close_name(word: str, names: set[str] | frozenset[str]) -> str | None:
    """The word of a name in the data (4 letters or more, not itself a period word) that ``word`` is close to."""
    return closest(word, {n for n in names if len(n) >= 4 and n not in PERIOD_WORDS}, 0.8)


def _month_position(words: list[str], i: int) -> bool:
    """Whether words[i] sits where a month is said: after "in / since / last ...", or next to a year or a day number."""
    prev, nxt = (words[i - 1] if i else ""), (words[i + 1] if i + 1 < len(words) else "")
    after = words[i + 2] if i + 2 < len(words) else ""
    # h29: one side of "<month> vs / to / and <month>" (an arrow is written "vs"): the other side is a month, so is this
    paired = nxt in _BETWEEN_MONTHS and (after in _MONTH_NAMES or after in _MONTH_ABBR)
    return prev in _MONTH_BEFORE or bool(_YEAR_OR_DAY.fullmatch(nxt)) or bool(_YEAR_OR_DAY.fullmatch(prev)) or paired


_BETWEEN_MONTHS = {"vs", "versus", "to", "and", "against", "through", "until", "till"}
_MONTH_ABBR = {m[:3] for m in _MONTH_NAMES} | {"may", "sept"}


def month_typo(word: str) -> str | None:
    """The month a word of five letters or more misspells ("Febuary" -> "february"), else None."""
    word = word.lower()
    if len(word) < 5 or any(word.startswith(m) for m in _MONTH_NAMES):  # "Augusta", "Marchetti": other words
        return None
    return closest(word, _MONTH_NAMES, 0.8)


def _loose_month(word: str, prev: str, nxt: str) -> str | None:
    """h44: a month misspelt after "for / over / across / throughout" or as the question's last word ("gross margin for
    Janury", "utilisation Decmber"): read when it is six letters or more and closer to a month (0.85) than a name
    usually is ("Marcy", "Julie" stay names: shorter, and further from a month)."""
    if prev not in ("for", "over", "across", "throughout") and nxt:
        return None
    return closest(word, _MONTH_NAMES, 0.85) if month_typo(word) else None


def month_or_name(text: str, protected: set[str], names: set[str] | frozenset[str]) -> list[tuple[str, str, str]]:
    """h18: (word, month, name word) for each word of ``text`` (folded) that sits where a month is said, misspells a
    month and is as well close to a word of a name in the data ("hours in Junie 2026" with a technician Julie): it
    is neither corrected nor read as the name, it is asked back."""
    words = [m.group(0) for m in _WORD.finditer(text)]
    out = []
    for i, word in enumerate(words):
        if len(word) < 5 or not word.isalpha() or word in _MONTH_NAMES or _ordinary(word, protected) \
                or not _month_position(words, i):
            continue
        month, name = month_typo(word), close_name(word, names)
        if month and name and not (word in _english(("gcide",)) and not month.startswith(word)):
            out.append((word, month, name))
    return out


def correct_period_typos(text: str, protected: set[str], names: set[str] | frozenset[str] = frozenset()
                         ) -> tuple[str, list[str]]:
    """``text`` (folded) with misspelt period words corrected, and the fixes made ("lst -> last"); ``names``: the words
    of the data's names (a word close to one is a name, never a period)."""
    words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
    fixes: list[str] = []
    out: dict[int, str] = {}
    for i, (word, _start, _end) in enumerate(words):
        if not word.isalpha() or word in _MONTH_NAMES or word in _RELATIVE or word.rstrip("s") in _UNITS \
                or _ordinary(word, protected):
            continue
        nxt = words[i + 1][0] if i + 1 < len(words) else ""
        prev = out.get(i - 1, words[i - 1][0]) if i else ""
        fixed = None
        if len(word) >= 5 and _month_position([w for w, _s, _e in words], i):
            fixed = month_typo(word)
        if fixed is None and len(word) >= 6:
            fixed = _loose_month(word, prev, nxt)
        if fixed is None and 3 <= len(word) <= 8 and (nxt in _UNITS or _close(nxt, _UNITS, 0.75)):
            fixed = _close(word, _RELATIVE, 0.7)
        if fixed is None and prev in _RELATIVE and 4 <= len(word) <= 8:
            fixed = _close(word, _UNITS, 0.75)
        if fixed and fixed != word and not _keep(word, fixed, set(names)):
            out[i] = fixed
            fixes.append(f"{word} -> {fixed}")
    if not out:
        return text, []
    parts, last = [], 0
    for i, (_word, start, end) in enumerate(words):
        if i in out:
            parts += [text[last:start], out[i]]
            last = end
    parts.append(text[last:])
    # "this yeer so far" was folded to "this yeer so far this year" (``lexicon.FOLD``): now one period again
    fixed_text = re.sub(r"\b(this (?:year|quarter|month)) so far this year\b", r"\1 so far", "".join(parts))
    return fixed_text, fixes
