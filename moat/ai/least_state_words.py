"""h138: the words of "least" + a bad state ("the least unprofitable client", "least overloaded tech"), apart from the
code that reads them (``moat.ai.least_state``)."""
from __future__ import annotations

import re

# a state a row is in or not (its threshold keeps the rows in it): "least" of it is the one nearest its edge
_STATES = (r"unprofitable|loss[- ]?making|money[- ]?losing|(?:in|into)\s+the\s+red|in\s+(?:the\s+)?negative|negative|"
           r"(?:below|under)\s+(?:the\s+|our\s+)?(?:margin\s+)?(?:target|goal)(?:\s+margin)?|"
           r"under[- ]?(?:utili[sz]ed|used|performing|billed)|over[- ]?(?:loaded|worked|stretched|utili[sz]ed|booked|"
           r"committed|capacity)|underwater|under\s+water|in\s+deficit")
# a measure every row has some of ("idle" time): "least" of it is the lowest of it over every row, no state kept
_MEASURES = r"idle|slack|unbilled|unproductive"
LEAST_STATE = re.compile(r"\bleast\s+(?:(?P<state>" + _STATES + r")|(?P<measure>" + _MEASURES + r"))\b")
# "the least busy of the overloaded techs", "the busiest of our underutilised techs": a superlative of one measure
# inside a set kept by a state: not read here, flagged
_SUPERLATIVE = r"least\s+\w+|most\s+\w+|\w+est"
OF_STATE_SET = re.compile(r"\b(?:" + _SUPERLATIVE + r")\s+(?:one\s+)?(?:of|among(?:st)?)\s+(?:the|our|my|those|these)\s+"
                          r"(?:" + _STATES + r"|profitable|loss[- ]?makers?|busy|idle|quiet)\s+\w+")
# the order said outright ("..., worst first"): the flip is left to it
ORDER_SAID = re.compile(r"\b(?:first|ascending|descending|sorted|ordered|order|sort)\b")
# the states of a loss (below 0 gross profit / margin): set when the reading kept no state of its own
LOSS_STATE = re.compile(r"unprofitable|loss[- ]?making|money[- ]?losing|(?:in|into)\s+the\s+red|in\s+(?:the\s+)?negative|"
                        r"negative|underwater|under\s+water|in\s+deficit")
