"""h68 (issue 15, heldout10 / heldout11 classes): names the question writes that the data does not hold, and names
typed one letter off.

- A name-like word one edit away (a letter added, dropped, changed, or two neighbours swapped: "Pirya", "Prya") from
  exactly one distinctive word of a technician's or client's name, with the same first letter, is that name, as a
  guess: the reading says so and is flagged (never a confident answer on a guessed name).
- A word written as a name that the reading left unread is refused by name, never dropped for the company's figure:
  a possessive ("Zhang's billable hours", "Okonkwo's hours") that is no English word or is written with a capital
  and is no common word ("Chen's", though "chen" is in a dictionary), or a capitalised word written
  just before a capitalised trade or segment word ("Summit Legal", "Apex Dental": a client the data lacks, not the
  legal / healthcare segment), or a capitalised word inside the sentence that is no English word;
- h128: a capitalised word before a company's legal suffix ("Acme Corp", "Globex Inc."), even an English word;
- h85: a word in lower case that opens the question, is no English word and is followed at once by a measure
  ("bluegum turnover ytd", "wattle margin last quarter"): typed as a name label, as a Slack message does.
"""

from __future__ import annotations

import re
from difflib import get_close_matches

from moat.ai.edit_distance import edits
from moat.ai.lexicon import COMMON_WORDS, FILLER
from moat.names import LEGAL_SUFFIXES

GUESS_SCORE = 0.6


def one_edit_owner(token: str, owners: dict[str, str]) -> str | None:
    """The owner ("technician:Priya Shah") of the one distinctive name word one edit from ``token``, or None."""
    if len(token) < 4 or not token.isalpha():
        return None
    near = {owners[w] for w in owners if w[:1] == token[:1] and abs(len(w) - len(token)) <= 1 and len(w) >= 4
            and edits(token, w) == 1}
    return next(iter(near)) if len(near) == 1 else None


_POSSESSIVE = re.compile(r"\b(?P<word>[A-Za-z][a-z]+)(?:'s|s')(?!\w)")
_CAPITALISED_PAIR = re.compile(r"\b(?P<word>[A-Z][a-z]{2,})\s+(?P<next>[A-Z][a-z]{2,})\b")
_INSIDE_CAPITALISED = re.compile(r"(?<=[a-z,]\s)(?P<word>[A-Z][a-z]{2,})\b")
# h85: the measures a name label is typed before ("bluegum turnover", "wattle gp"), as written (before folding)
_MEASURE_AFTER = (r"revenue|rev|turnover|takings|sales|income|margins?|gp|gm|gross|profits?|hours|hrs|labou?r|"
                  r"licen[cs]es?|utili[sz]ation|util|costs?|spend|waste|billable|seats?")
# words an opening word may be a short form or typo of ("mthly revenue", "totl gp"): never read as a name
_ORDINARY_OPENERS = sorted(COMMON_WORDS | FILLER | {"monthly", "quarterly", "yearly", "weekly", "annual", "daily", "total",
                                                    "average", "overall", "combined", "current", "previous"})
_OPENING_LABEL = re.compile(r"^\s*(?P<word>[A-Za-z][a-z]{3,})\s+(?=(?:" + _MEASURE_AFTER + r")\b)")  # h96: "Fabrikam hours"
# h96: a name of two words opening the question, the second a trade word of the data's client names, before a measure
# ("cobalt dental hours in May" where no Cobalt Dental is held): a client the data lacks
_OPENING_PAIR = re.compile(r"^\s*(?P<word>[A-Za-z][a-z]{2,})\s+(?P<next>[A-Za-z][a-z]{2,})\s+(?=(?:" + _MEASURE_AFTER
                           + r")\b)")


# h128: a capitalised word before a company's legal suffix ("Acme Corp", "Globex Inc.", "Initech LLC"): a client's name
# written as companies write theirs, whether or not the word is also English ("acme"); "as", "sa", "co" and "company"
# are left out (ordinary words after a capital: "Harbor as a client", "Co" of "Co-op")
_SUFFIXED = re.compile(r"\b(?P<word>[A-Z][A-Za-z&'-]+(?:\s+[A-Z][A-Za-z&'-]+){0,2})\s+(?P<suffix>"
                       + "|".join(re.escape(s) for s in sorted(set(LEGAL_SUFFIXES) - {"as", "sa", "co", "company"},
                                                                  key=len, reverse=True))
                       + r")\b\.?", re.IGNORECASE)


def unplaced_names(raw: str, ignored: list[str], english: frozenset[str], trade_words: set[str]) -> list[str]:
    """The words of ``raw`` written as names that the reading left unread (``ignored``): see the module docstring."""
    unread = {w.lower() for w in ignored}
    out: list[str] = []
    for m in _POSSESSIVE.finditer(raw):
        word = m["word"].lower()
        capitalised = m["word"][0].isupper() and word not in COMMON_WORDS and word not in FILLER  # "Chen's"
        if word in unread and (capitalised or not _english(word, english)):
            out.append(m["word"])
    for m in _CAPITALISED_PAIR.finditer(raw):
        word, nxt = m["word"].lower(), m["next"].lower()
        if word in unread and nxt in trade_words and not raw.istitle():
            out.append(f"{m['word']} {m['next']}")
    for m in _INSIDE_CAPITALISED.finditer(raw):
        word = m["word"].lower()
        if word in unread and not _english(word, english):
            out.append(m["word"])
    opening = _OPENING_LABEL.match(raw)
    said = opening["word"].lower() if opening else ""
    if opening and said in unread and not _english(said, english) \
            and said not in COMMON_WORDS and said not in FILLER \
            and not re.search(r"(.)\1\1", said) \
            and not get_close_matches(said, _ORDINARY_OPENERS, n=1, cutoff=0.75):  # "sooo", "mthly": no name
        out.append(opening["word"])
    pair = _OPENING_PAIR.match(raw)
    if pair and pair["word"].lower() in unread and pair["next"].lower() in unread and pair["next"].lower() in trade_words \
            and pair["word"].lower() not in COMMON_WORDS and pair["word"].lower() not in FILLER:
        out.append(f"{pair['word']} {pair['next']}")
    for m in _SUFFIXED.finditer(raw):  # h128: "Acme Corp gross margin": a client the data lacks, never the company's
        words = m["word"].split()
        if words[0][0].isupper() and all(w.lower() in unread for w in words) and m["suffix"].lower() in unread:
            out.append(f"{m['word']} {m['suffix']}")
    return list(dict.fromkeys(out))


def _english(word: str, english: frozenset[str]) -> bool:
    stems = {word} | {word[:-len(end)] + add for end in ("s", "es", "ed", "ing", "er", "est", "ly") for add in ("", "e")
                      if word.endswith(end)}
    return bool(stems & english)
