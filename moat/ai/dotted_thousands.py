"""h139 (h133 H): "clients with revenue above 12.500", "over 10.000 revenue", "more than 1.000 hours": a dot before
exactly three digits is how much of Europe groups thousands, and an amount of twelve and a half dollars (or one hour)
is no sensible mark for a client's revenue. It was read as 12.5 / 10 / 1, so every client passed, at 0.75-0.84.

Such a number (1-3 digits, not starting with 0, a dot, exactly three digits, no further dot or digit, no percent after
it) is read as the thousands it most likely means ("12.500" -> 12,500) and the reading is flagged, naming the other
reading ("write 12.5 for twelve and a half"). "0.900", "12.5", "1.3.2031" (a dotted date), "12.500%" stay as written."""

from __future__ import annotations

import re

_DOTTED = re.compile(r"(?<![\d.,])(?P<n>[1-9]\d{0,2})\.(?P<t>\d{3})(?![\d.,]|\s*(?:%|percent|pct|x\b|times\b|k\b|m\b))")
FLAG = 0.6


def dotted_thousands(text: str) -> tuple[str, list[str], float]:
    """The text with such numbers as thousands ("12,500"), the reasons to report and the confidence factor."""
    found = list(_DOTTED.finditer(text))
    if not found:
        return text, [], 1.0
    said = ", ".join(f"'{m.group(0)}'" for m in found)
    text = _DOTTED.sub(lambda m: f"{m['n']},{m['t']}", text)
    first = found[0]
    return text, [f"{said} read as {int(first['n'] + first['t']):,} (a dot between thousands); if you meant a decimal, "
                  f"write {first['n']}.{first['t'].rstrip('0') or '0'}"], FLAG
