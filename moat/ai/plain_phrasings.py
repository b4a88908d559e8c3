"""h105 (issue 15): phrasings written in the forms the parser's rules read, before they run.

Each was refused before (no measure found):
- a licence "count" ("licence count per product", "lic counts by vendor") is the number of licences bought, which the
  seat rules read as seats purchased; a count of seats in a state ("unused licence count") is left to those rules;
- emphasis between a subject and its verb ("how much did we actually make", "what we really earned") is dropped: the
  measure phrases ("did we make") are written without it;
- a technician's "slack" ("the techs with the most slack", "most spare capacity", "the most headroom") is the capacity
  they did not use: the most slack is the lowest utilisation, the least slack the highest (never beside seats,
  clients or money, where the slack is theirs);
- licences "used / consumed / gone through", asked in money ("how much Microsoft licensing did finance clients
  consume (cost)"): the verb adds nothing to the licence cost asked; without a word of money, or with a count of seats
  beside it, the verb is left to the seat rules (seats in use are active seats).
"""

from __future__ import annotations

import re

from moat.ai import plain_phrasing_words as w

_LICENCE_COUNT = re.compile(r"\b(?P<state>" + w.SEAT_STATE_BEFORE + r"\s+)?" + w.LICENCE_NOUN + r"\s+counts?\b")
_EMPHASIS = re.compile(r"\b(" + w.EMPHASIS_AFTER + r")\s+" + w.EMPHASIS + r"\s+(?=[a-z])")
_MOST_SLACK = re.compile(r"\b(?:the\s+)?" + w.MOST + r"\s+" + w.SLACK + r"\b")
_LEAST_SLACK = re.compile(r"\b(?:the\s+)?" + w.LEAST + r"\s+" + w.SLACK + r"\b")
_SLACK_OF_OTHERS = re.compile(w.SLACK_OF_OTHERS)
_LICENSING = re.compile(r"\blicen[cs](?:es?|ing)\b")
_CONSUMED = re.compile(r"\b" + w.CONSUMED + r"\b")
_CONSUMED_BY = re.compile(r"\b" + w.CONSUMED + r"\s+by\b")
_MONEY = re.compile(w.LICENCE_MONEY)
_COUNTED = re.compile(w.SEATS_COUNTED)
_OTHER_MEASURE = re.compile(w.OTHER_MEASURE)


def plain_phrasings(text: str) -> str:
    """The folded question with the phrasings of the module doc written in the parser's forms."""
    text = _LICENCE_COUNT.sub(lambda m: m.group(0) if m["state"] else "number of licenses", text)
    text = _EMPHASIS.sub(r"\1 ", text)
    if not _SLACK_OF_OTHERS.search(text):
        text = _MOST_SLACK.sub("the lowest utilization", text)
        text = _LEAST_SLACK.sub("the highest utilization", text)
    return _licences_consumed(text)


def _licences_consumed(text: str) -> str:
    """"how much Huntress licensing did healthcare use (cost)": the verb of using up dropped when money is asked."""
    if not _LICENSING.search(text) or not _MONEY.search(text) or _COUNTED.search(text) or _OTHER_MEASURE.search(text):
        return text
    text = _CONSUMED_BY.sub(" for ", text)  # "consumed by healthcare clients": theirs, not one row per client
    return re.sub(r"\s{2,}", " ", _CONSUMED.sub(" ", text)).strip()
