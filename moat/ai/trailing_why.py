"""h128 (issue 15): "why" written after the question, as a clause of its own ("<client> gp went down?? why", "margin
down for Harbor - why?", "Meridian lost money last quarter. why") asks for the explanation, as a leading "why" does.

Why: a sealed set (heldout20) had a client's gross profit asked "... where?? why" answered (flagged) with the client's gross profit,
"why" left unread: the explanation page was never offered. Only a "why" ENDING the question after a break (a question
or exclamation mark, a dash, a comma, a full stop) counts; "why" inside a clause ("the reason why margins ...") is
read by the usual rules (``lexicon.WHY``)."""

from __future__ import annotations

import re

_TRAILING_WHY = re.compile(r"(?:[?!.,;:]|\s-+)\s*(?:and\s+|but\s+|so\s+)?(?:why|how come)\s*(?:exactly|though|then)?\s*[?!.]*\s*$",
                           re.IGNORECASE)


def trailing_why(raw: str) -> re.Match[str] | None:
    """The closing "why" of ``raw`` (module doc), or None."""
    return _TRAILING_WHY.search(raw)
