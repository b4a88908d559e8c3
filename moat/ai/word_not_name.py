"""h128 (issue 15): an ordinary English word is never read as a misspelt name two or more letters away from it
("most recent full quarter" is no "Crescent Engineering").

Why: a sealed set (heldout20) had a quarter-on-quarter question naming "the most recent full quarter" answered for the
client Crescent Engineering, "recent" being close enough to "crescent" for the fuzzy name match. A real word one
letter off a name ("harbour" for Harbor) is still read as the name; farther off, the word is what was meant.
"""

from __future__ import annotations

from moat.ai.edit_distance import edits


def word_not_name(word: str, name_word: str) -> bool:
    """True when ``word`` is an English word (the dictionaries the typo rules use) two or more edits from ``name_word``."""
    from moat.ai.period_typos import english_words  # late: period_typos reads the lexicon the name index is built with

    return word != name_word and word in english_words() and edits(word, name_word) >= 2
