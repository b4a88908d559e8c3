"""h85: British and Australian business words, folded to the words the metric tables read (declarations only).

``moat.ai.lexicon.FOLD`` applies these first. Owners outside the US say "takings" and "turn over" for what was
invoiced (revenue), and "taken in" as "brought in"; unread, these questions were refused although the figure is held.
A word here is folded only where it can mean nothing else in a question about the data.

``SPOKEN_FILLER`` are words that change no figure: a hedge ("ballpark", "approx": the answer is exact anyway) and
what voice dictation and chat add ("um", "yeah", "cheers", "I reckon"). Left unread they made an exactly read
question partial (flagged), which teaches the user to distrust right answers.
"""

from __future__ import annotations

REGIONAL_FOLD: list[tuple[str, str]] = [
    (r"\btakings\b", "revenue"),  # "takings since the start of the year", "Harbor's takings"
    # "how much have we taken in since January"; only the participle: "did healthcare take in Q4" is a share of time
    # taken, "hourly take in Q1" revenue per hour
    (r"\btaken in\b(?! (?:q[1-4]|h[12]|\d))", "brought in"),
    # "what did we turn over last month": the verb of turnover (never "turn over to", handing something over)
    (r"\bturn(?:ed|s|ing)? over\b(?! to\b)", "turnover"),
    # "the quarter just gone": the last whole one
    (r"\b(?:the |this )?(month|quarter|year) (?:just gone|just passed|just gone by)\b", r"last \1"),
    (r"\blabou?r bill\b|\bwage bill\b", "labour cost"),  # the cost of the technicians' time
    (r"\bclock(?:ed|s|ing)? up\b", "logged"),  # "what did Tom clock up in hours"
    # dictated punctuation and a hedge said as a clause
    (r"\b(?:full stop|question mark)\b", " "),
    (r"\b(?:it )?(?:does ?n[o']?t|don't|dont|does not|do not) (?:need|have) to be (?:exact|precise|spot on)\b", "roughly"),
]
# words that change no figure (module doc)
SPOKEN_FILLER = frozenset({
    "ballpark", "approx", "approximate", "rough", "roughly", "ish", "circa",
    "um", "umm", "uh", "uhh", "erm", "er", "hmm", "yeah", "yep", "yup", "cheers", "ta", "reckon", "think", "guess",
    "anyone", "anybody", "team-wide", "company-wide", "across-the-board",
    "i.e", "ie", "aka", "namely",  # a period restated after them is read as the same period (moat.ai.period_restated)
})
