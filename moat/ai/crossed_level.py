"""h44 (issue 15, reviewer h38's class C12): "fell below 70%", "dropped under 20% margin", "rose above 100%".

A verb of movement followed by below / under / beneath / above and a number names a LEVEL the figure crossed, not the
size of the change: "techs whose utilisation fell below 70% in Jan" are those under 70% in January (a threshold on the
level in the period asked), never those whose utilisation fell by less than 70 points (every one that fell). One
period's rows cannot show that a figure was on the other side of the level before, so the answer is flagged, its
reason saying what was and was not checked.
"""

from __future__ import annotations

import re

from moat.ai.reading import Reading

_CROSSED = re.compile(
    r"\b(?P<verb>(?:fell|fallen|falls?|falling|dropp?(?:ed|ing|s)?|slipp?(?:ed|ing|s)?|sank|sunk|sinks?|dipp?(?:ed|ing|s)?|"
    r"declined?|declining|slid|slides?|rose|risen|rises?|rising|climb(?:ed|ing|s)?|jump(?:ed|ing|s)?|grew|grown|grows?|"
    r"crept|creep(?:ing|s)?)(?:\s+(?:back|down|up))?(?:\s+to)?)\s+"
    r"(?P<side>below|under|beneath|above)\s+(?=\$?\d)")  # ("grew over 10%", "fell less than 5%": the size of a change)


def crossed_level(r: Reading) -> None:
    """Read "fell below N" as "below N" (the verb blanked) and flag the reading."""
    m = _CROSSED.search(r.text)
    if m is None:
        return
    r.use(m.span("verb"), blank=True)
    r.confidence *= 0.6
    r.reasons.append(f"'{m.group(0).strip()} ...' read as a level in the period asked (the figure {m['side']} it "
                     "then), not the size of a change; whether it was on the other side before is not checked: "
                     "ask for both periods to compare")
