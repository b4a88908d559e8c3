"""h96 (issue 15): "a grand", "a thousand dollars", "a million" after a comparison word ("up more than a grand",
"under a grand of profit", "by over a thousand dollars") is the amount 1 of that magnitude, written as digits so the
threshold rules read it.

Why: the article stood where the threshold rules expect a number, so the mark was dropped ("than grand" not used) and
every client was listed or counted, flagged. Runs with ``moat.ai.spoken_amounts`` (the other ways owners type
amounts)."""

from __future__ import annotations

import re

_COMPARISON = (r"more than|greater than|higher than|bigger than|over|above|exceeding|in excess of|at least|less than|"
               r"lower than|smaller than|fewer than|under|below|at most|no more than|no less than|north of|south of")
_ONE_OF = re.compile(r"\b(?P<op>" + _COMPARISON + r")\s+(?:just\s+)?(?:a|one)\s+(?P<mag>grand|thousand|million|k)\b")


# "a thousand bucks", "500 bucks": the money unit in slang, written as the word the unit rules read
_BUCKS = re.compile(r"(?<=\d)(?P<mag>\s*(?:k|thousand|grand|million))?\s+bucks\b")


def one_magnitude(text: str) -> str:
    """``text`` with "a grand" / "a thousand" after a comparison word written "1 grand" / "1 thousand", and "bucks"
    after an amount written "dollars"."""
    text = _ONE_OF.sub(lambda m: f"{m['op']} 1 {m['mag']}", text)
    return _BUCKS.sub(lambda m: f"{m['mag'] or ''} dollars", text)
