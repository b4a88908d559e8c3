"""h85: amounts and thresholds as owners outside the US type them, rewritten into the forms the threshold rules read.

Runs in ``moat.ai.numbers.normalise`` once number words that state a quantity are digits ("over twelve" -> "over 12"),
before the comparison and range rules, so they see "$", a decimal point and a comparison word they know:
- a pound or euro sign is the money sign: amounts are in the data's own currency (the demo and most exports hold one
  currency), so "over £12k" is the same threshold as "over $12k" — never a number the threshold rules drop;
- a decimal comma before a magnitude ("12,5k", "1,5 million") is a decimal point: a thousands comma is followed by
  three digits, never one or two, so "12,500" is left alone;
- "and a half" between a number and a magnitude ("over twelve and a half grand", "12 and a half k") is .5 of it;
- "sub-20%", "sub 10k" is "under" (not in a yes/no about the company, as below);
- an attainment verb said in the negative before an amount ("did NOT hit 70%", "didn't reach 70%", "failed to make
  70%", "missed (the) 70% ...") is "under" that amount: the ones that did not reach it, never a list of everyone.
  Not where the question is a yes/no about the company's own figure (h95: the one test, ``own_figure.company_asked``,
  whose word list says when clients, technicians or other entities are asked about): "did we hit 30% margin" asks
  about the company's own figure, which a threshold over clients would not answer;
- the same verbs said plainly before a percentage ("which techs hit 90%", "who reached 75% utilisation") are "at
  least" it; before money they are left alone ("did we hit 200k" asks about the company's total, not a list);
- a mark named as a target after its comparison ("under the 70% utilisation target", "over our 10k goal") is the
  amount itself: the target noun adds nothing to read (left unread, it made the answer partial);
- "did" / "do" an amount of money with no other measure in the question ("which clients did over 12 grand") is what
  they billed, as an owner says "we did 200k last month": revenue (not in a yes/no about the company, as above).
The words are declarations (``NEGATED_ATTAINMENT`` etc.); each rule is about how an amount or a comparison is
written, never a phrasing of one question.
"""

from __future__ import annotations

import re

from moat.ai.one_magnitude import one_magnitude
from moat.ai.own_figure import company_asked
from moat.ai.own_figure_words import REACHED

CURRENCY_SIGNS = "£€"  # money in the data's currency, as "$" is
MAGNITUDE = r"(?:k|thousand|grand|m|million)(?![a-z])"
# verbs of reaching a mark, said in the negative ("did not hit", "didn't reach", "failed to make", "never got to")
ATTAIN = r"(?:hit|reach(?:ed)?|make|made|meet|met|get to|got to|achieve(?:d)?|clear(?:ed)?)"
NEGATED_ATTAINMENT = (r"(?:did not|didn't|didnt|do not|don't|dont|does not|doesn't|doesnt|never|failed to|fail to|"
                      r"not|couldn't|could not)\s+" + ATTAIN + r"|missed|miss|misses|missing")

_CURRENCY = re.compile("[" + CURRENCY_SIGNS + "]")
_DECIMAL_COMMA = re.compile(r"(?<![\d,.])(\d{1,3}),(\d{1,2})(?=\s*" + MAGNITUDE + ")")
_HALF_DIGITS = re.compile(r"(?<![\d.,])(\d+) and a half(?=\s*" + MAGNITUDE + ")")
_SUB = re.compile(r"\bsub[- ]?(?=\$?\d)")
# h104: "below-200k revenue months", "under-20% margin clients": the comparison hyphenated to its amount as an
# adjective (the hyphen read as a minus sign made the mark -200,000)
_HYPHENED = re.compile(r"\b(under|below|over|above|beneath|(?:less|more|fewer|greater)[- ]than)-(?=\$?\d)")
_REACHED = re.compile(REACHED + r"(?=\d[\d.]*\s*percent)")  # h95: ``own_figure_words.REACHED``, before a percentage
_TARGET = re.compile(r"\b(?P<op>under|over|below|above|at least|at most|less than|more than)\s+(?:the\s+|our\s+|a\s+|an\s+)?"
                     r"(?P<amount>\$?\d[\d,.]*\s*(?:percent|k\b|thousand|grand|hours?\b)?)(?P<what>(?:\s+[a-z]+){0,2}?)\s+"
                     r"(?:target|goal|mark|bar|benchmark|threshold|cut-?off)\b")
_DID_AMOUNT = re.compile(r"\b(?:did|do|does|doing)(?=\s+(?:over|under|more than|less than|at least|at most|above|below|"
                         r"between)\s+\$?\d[\d,.]*\s*" + MAGNITUDE + ")")
_OTHER_MEASURE = re.compile(r"\b(?:profits?|margins?|costs?|labou?r|licen[cs]es?|waste|spend|seats?|hours?|gp|gm|rates?)\b")
_NOT_REACHED = re.compile(r"\b(?:" + NEGATED_ATTAINMENT + r")\s+(?:the\s+|a\s+|our\s+|their\s+|his\s+|her\s+)?"
                          r"(?=\$?\d[\d,.]*\s*(?:percent|k\b|thousand|grand|hours?\b))")


def _if_entities(m: re.Match[str], said: str) -> str:
    """``said`` for the word unless the question is a yes/no about the company's own figure (module doc; h95: the one
    test, ``own_figure.company_asked``), else the word unchanged."""
    return m.group(0) if company_asked(m.string) else said


def spoken_amounts(text: str) -> str:
    """The folded question with foreign money signs, decimal commas, "and a half", "sub-" and "did not hit X" written
    in the forms the threshold rules read."""
    text = one_magnitude(_CURRENCY.sub("$", text))  # h96: "more than a grand" is 1 grand
    text = _DECIMAL_COMMA.sub(r"\1.\2", text)
    text = _HALF_DIGITS.sub(r"\1.5", text)
    text = _SUB.sub(lambda m: _if_entities(m, "under "), text)
    text = _HYPHENED.sub(lambda m: m[1].replace("-", " ") + " ", text)
    text = _NOT_REACHED.sub(lambda m: _if_entities(m, "under "), text)
    text = _REACHED.sub(lambda m: _if_entities(m, "at least "), text)
    text = _TARGET.sub(lambda m: f"{m['op']} {m['amount'].strip()}{m['what']}", text)
    return text if _OTHER_MEASURE.search(text) else _DID_AMOUNT.sub(lambda m: _if_entities(m, "billed"), text)
