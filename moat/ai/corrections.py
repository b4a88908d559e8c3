"""h58 (issue 15, reviewer h52's D13): a question corrected as it is typed ("who will have the lowest margin... no,
who had the lowest margin last quarter", "revenue for Q3 -- sorry, I mean gross profit for Q3") asks what follows the
correction. Read whole, the first half (a forecast here) decided the answer. When the words after the correction make
a question of their own, they are what is answered, and the reply says so."""

from __future__ import annotations

import re

_CORRECTION = re.compile(r"(?:\.{2,}|[,.;:!?\u2026]|\s-+)\s*(?:(?:no|nope|sorry|wait|oops|correction|scratch that|"
                         r"i mean|i meant|rather)\s*(?:[,.;:!\u2026]+|-+)\s*(?:(?:i )?mean(?:t)?\s+)?|i mean\s+|i meant\s+)",
                         re.IGNORECASE)


def after_correction(raw: str) -> str | None:
    """The words after the last self-correction in ``raw`` ("..., no, <question>"), or None when there is none."""
    found = list(_CORRECTION.finditer(raw))
    if not found:
        return None
    rest = raw[found[-1].end():].strip()
    return rest if len(rest.split()) >= 2 else None
