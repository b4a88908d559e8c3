"""h85: British and Australian business words, folded to the words the metric tables read (declarations only).

``moat.ai.lexicon.FOLD`` applies these first. Owners outside the US say "takings" and "turn over" for what was
invoiced (revenue), and "taken in" as "brought in"; unread, these questions were refused although the figure is held.
A word here is folded only where it can mean nothing else in a question about the data.
"""

from __future__ import annotations

REGIONAL_FOLD: list[tuple[str, str]] = [
    (r"\btakings\b", "revenue"),  # "takings since the start of the year", "Harbor's takings"
    (r"\b(?:taken|take|takes|taking) in\b", "brought in"),  # "how much have we taken in since January"
    # "what did we turn over last month": the verb of turnover (never "turn over to", handing something over)
    (r"\bturn(?:ed|s|ing)? over\b(?! to\b)", "turnover"),
]
