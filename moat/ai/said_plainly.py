"""h129 (issue 15, heldout20 before): order and condition phrasings written in the forms the parser's rules read.

Each was refused or answered in another order before:
- a list's order said by the end it starts from and the way it runs ("from the smallest of them up", "from the bottom
  up", "biggest down") or by how the values run ("in increasing order", "sorted decreasing") is written "ascending"
  / "descending" (never "lowest", which the size rules would read as the measure's size word), so the order rules (``moat.ai.parser`` step ranking) sort the chosen rows that way and
  the limit word still chooses them ("our five biggest accounts, listed from the smallest up": the five biggest);
- the ends of a list of losses said in words of badness ("worst to least bad", "least bad to worst") are "worst to
  best" / "best to worst": "least" there is never the low end;
- a loss word's definition restated beside it ("unprofitable clients (gross profit below zero)", "clients losing
  money, i.e. negative GP") is the same condition the loss word reads: it is dropped, so its number ("0") is never
  read as how many rows to list (it was: "zero worst" asked for 0 rows and the question was refused);
- a range written with two or three dots ("25%..35%", "100...150 hours") is the range the range rules
  read as "between 25 and 35 percent", a band word after it read with it (the dots were left unread and the band
  dropped);
- "the last four full / complete / whole quarters (months)" are the last four quarters the period rules read, which
  are whole ones already (the word was left unread, the breakdown answered over every quarter with data, flagged);
- two periods compared with "then" between them ("compare gross profit: oct-dec then jan-mar") are joined as "and"
  joins them (the second period was left unread and the first answered alone, flagged);
- a figure read "month end by month end" is month by month, "through the year so far" this year so far (with
  ``moat.ai.running_total``'s "accumulate", a running total month by month);
- who the answer is for, said first ("For the board: ...") is no part of the question (its words were left unread);
- the first or last rows named as leaders or laggards with their number ("billable hours leaders (4)", "the 3
  revenue laggards") are the top / bottom N (the words were left unread and the company total given);
- a direction "on the month / quarter before" ("is revenue up on the month before") is on the previous one, as the
  direction rules read it (with the question mark folded away, "the quarter before? last qtr" was one period);
- a loose seat word defined beside it ("spare seats (bought but unassigned)") is the definition stated: the seats
  purchased and not assigned (``seats_unassigned``), never the unused ones the loose word reads alone.
"""

from __future__ import annotations

import re

from moat.ai import lexicon as lx
from moat.ai import said_plainly_words as w

_VERB = r"(?:" + w.SORTING_VERB + r"\s+)?"
_FROM_LOW = re.compile(r"\b" + _VERB + r"(?:(?:starting\s+)?from\s+)?(?:the\s+)?" + w.LOW_END + w.OF_THEM + r"\s+" + w.UPWARD + r"\b")
_FROM_HIGH = re.compile(r"\b" + _VERB + r"(?:(?:starting\s+)?from\s+)?(?:the\s+)?" + w.HIGH_END + w.OF_THEM + r"\s+" + w.DOWNWARD
                        + r"\b(?!\s+(?:to|from)\b)")
_RISING = re.compile(r"\b(?:in\s+|by\s+)?" + w.RISING + r"\s+" + w.ORDER_NOUN + r"\b|\b" + w.SORTING_VERB
                     + r"\s+(?:in\s+|by\s+)?" + w.RISING + r"(?:ly)?\b")
_FALLING = re.compile(r"\b(?:in\s+|by\s+)?" + w.FALLING + r"\s+" + w.ORDER_NOUN + r"\b|\b" + w.SORTING_VERB
                      + r"\s+(?:in\s+|by\s+)?" + w.FALLING + r"(?:ly)?\b")
_LEAST_BAD = re.compile(r"\b(?:the\s+)?" + w.LEAST_BAD + r"(?:\s+ones?)?\b(?=\s+(?:first|on\s+top|at\s+the\s+top|to\b)|\s*$|\s*[,.])"
                        r"|(?<=\bto\s)(?:the\s+)?" + w.LEAST_BAD + r"\b")
_DEFINED_SEATS = re.compile(r"\b" + w.LOOSE_SEAT_STATE + r"\s+(?P<noun>seats|licenses)\s+(?:i\s*\.?\s*e\s*\.?\s+|that\s+is\s+|"
                            r"meaning\s+|,\s*)?(?=" + w.DEFINED_UNASSIGNED + r"\b)")
_DOTS_RANGE = re.compile(r"(?<![\w.-])(?:(?:in|within|inside)\s+)?(?:the\s+|a\s+)?(?P<a>\$?\d[\d,]*(?:\.\d+)?\s*(?:k|m|thousand)?)"
                         r"\s*(?P<pa>percent|%)?\s*\.{2,3}\s*(?P<b>\$?\d[\d,]*(?:\.\d+)?\s*(?:k|m|thousand)?)(?:\s*(?P<pb>percent|%))?"
                         r"(?:\s+(?P<what>(?:[a-z]+\s+){0,2}?)(?:range|band|bracket)\b)?(?![\w.]|-\d)")  # h134: never an ISO date's parts
_LAST_WHOLE = re.compile(r"\b(?P<last>last|past|previous|prior|trailing)\s+(?P<n>" + lx.NUM + r")\s+" + w.WHOLE
                         + r"\s+(?P<unit>quarters|qtrs|months)\b")
_COMPARE_SAID = re.compile(w.COMPARE_SAID)
_THEN = re.compile(r"\s*,?\s+(?:and\s+)?then\s+(?=" + w.PERIOD_START + r")")
_MONTH_ENDS = re.compile(w.MONTH_ENDS)
_YEAR_SO_FAR = re.compile(w.YEAR_SO_FAR)
_AUDIENCE = re.compile(w.AUDIENCE)
_N_RANK = r"(?P<n>\d{1,2}|" + lx.NUM + r")"
_LEADERS = re.compile(r"\b" + w.LEADERS + r"\s+" + _N_RANK + r"\b(?!\s*(?:percent|%|k|thousand|hours?|months?))|\b"
                      + _N_RANK.replace("?P<n>", "?P<n2>") + r"\s+(?:\w+\s+){0,2}" + w.LEADERS + r"\b")
_LAGGARDS = re.compile(r"\b" + w.LAGGARDS + r"\s+" + _N_RANK + r"\b(?!\s*(?:percent|%|k|thousand|hours?|months?))|\b"
                       + _N_RANK.replace("?P<n>", "?P<n2>") + r"\s+(?:\w+\s+){0,2}" + w.LAGGARDS + r"\b")
_UP_ON_BEFORE = re.compile(w.UP_ON_BEFORE)
_RESTATED_LOSS = re.compile(r"(?:\s*" + w.CONNECTIVE + r"\s*)\b" + w.NEGATIVE_PROFIT + r"\b")


def _ranked(side: str, m: re.Match[str]) -> str:
    """ "top 4" for "leaders 4"; "the 3 revenue leaders" keeps the measure word between: "top 3 revenue"."""
    if m["n"]:
        return f"{side} {m['n']}"
    between = m.group(0)[len(m["n2"]):].split()[:-1]
    return " ".join([side, m["n2"], *between])


def said_plainly(text: str) -> str:
    """The folded question with the phrasings of the module doc written in the parser's forms."""
    text = _FROM_LOW.sub(" ascending ", text)
    text = _FROM_HIGH.sub(" descending ", text)
    text = _RISING.sub(" ascending ", text)
    text = _FALLING.sub(" descending ", text)
    text = _LEAST_BAD.sub("best", text)
    text = _DOTS_RANGE.sub(lambda m: f" between {m['a'].strip()} and {m['b'].strip()}"
                           + (" percent " if m["pa"] or m["pb"] else " ")
                           + re.sub(r"\b(?:hour|hr|hrs)\b", "hours", m["what"] or ""), text)  # "the 120..150 hour band"
    text = _LAST_WHOLE.sub(lambda m: f"{m['last']} {m['n']} {m['unit']}", text)
    if _COMPARE_SAID.search(text):
        text = _THEN.sub(" and ", text)
    text = _YEAR_SO_FAR.sub("this year ", _MONTH_ENDS.sub("month by month", text))
    text = _AUDIENCE.sub(" ", text)
    text = _LEADERS.sub(lambda m: _ranked("top", m), text)
    text = _LAGGARDS.sub(lambda m: _ranked("bottom", m), text)
    text = _UP_ON_BEFORE.sub(lambda m: f"{m['d']} on the previous {m['u']}", text)
    text = _DEFINED_SEATS.sub(lambda m: m["noun"] + " ", text)
    dropped = _RESTATED_LOSS.sub(" ", text, count=1)
    if dropped != text and lx.LOST_MONEY.search(dropped):  # a loss word stays: the dropped words restated it
        text = dropped
    return re.sub(r"\s+", " ", text).strip()
