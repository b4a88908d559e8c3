"""h96 (issue 15): money phrases owners type, rewritten into the words the parser's rules read.

- a count of the loss-makers by a nickname ("count of money pits", "how many money losers"): a count of CLIENTS that
  lose money (the nickname stays, read as the condition) — it was the list, with "count" not used;
- gross profit spelt out as its formula ("sales less payroll, software and other direct costs", "revenue net of
  direct costs"): the glossary's gross profit — it was answered as labour cost, "revenue minus" not used;
- a mark with its measure before "or more" ("big earners, 25k GP or above"): the mark read as the threshold
  ("25k or above GP") — it was dropped for the top 5;
- a trailing period hyphenated into an adjective ("trailing-6-month sales", "past-twelve-month"): the period
  itself — it was dropped for the default 3 months.
Each rule is about how a phrase is written, never a phrasing of one question."""

from __future__ import annotations

import re

_NICKNAMES = r"(?:money[- ]pits?|money[- ]losers?|loss[- ]?makers?|losers|cash[- ]cows?|money[- ]makers?)"
_COUNTED = re.compile(r"\b(?P<how>how many|number of|count of|count the)\s+(?P<det>(?:of\s+)?(?:our|the|my)\s+)?(?=" + _NICKNAMES
                      + r"\b)")
_LABOUR = r"(?:labou?r(?:\s+costs?)?|staff(?:\s+costs?)?|payroll|wages)"
_LICENCE = r"(?:licen[cs](?:es?|ing)(?:\s+costs?)?|software)"
_OTHER = r"(?:other(?:\s+direct)?\s+costs?)"
_AND = r"(?:\s*(?:,|and|&|\+|plus)\s*(?:and\s+)?|\s+)(?:(?:the|our)\s+)?"  # the commas are gone by now
_ALL_THREE = (r"(?:" + _LABOUR + _AND + _LICENCE + _AND + _OTHER + r"|" + _LICENCE + _AND + _LABOUR + _AND + _OTHER + r"|"
              r"(?:all\s+(?:the\s+|our\s+)?)?(?:direct\s+)?costs|(?:all\s+(?:the\s+|our\s+)?)?direct\s+costs|cogs)")
_FORMULA = re.compile(r"\b(?:revenue|sales)\s+(?:minus|less|take\s+away|after|net\s+of|-)\s+(?:(?:the|our)\s+)?" + _ALL_THREE
                      + r"\b")
_TRAILING = re.compile(r"\b(?P<which>last|past|trailing|previous|prior)-(?P<n>\d{1,2}|twelve|six|three|nine|two)[-\s]"
                       r"(?P<unit>month|quarter|week|day)s?\b")


# "25k GP or above": the measure between the amount and "or more" moved after it ("25k or above GP")
_MARK_MEASURE = re.compile(r"(?P<amount>(?<![\w.])\$?\d[\d,.]*\s*(?:k|grand|thousand|m)?)\s+(?P<what>(?:of\s+|in\s+)?"
                           r"(?:gross\s+profit|gp|profit|revenue|sales|billings?))\s+(?P<op>or\s+(?:more|above|over|higher|"
                           r"better|less|below|under|lower))\b")


def money_phrases(text: str) -> str:
    """The folded question with the phrases of the module doc rewritten."""
    text = _MARK_MEASURE.sub(lambda m: f"{m['amount']} {m['op'].replace('better', 'more')} {m['what']}", text)
    text = _COUNTED.sub(lambda m: f"{m['how']} clients {m['det'] or ''}", text)
    text = _FORMULA.sub("gross profit", text)
    return _TRAILING.sub(lambda m: f"{m['which']} {m['n']} {m['unit']}s", text)
