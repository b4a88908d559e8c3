"""h90: the currency an amount of money is written in, against the base currency every figure is in.

Every figure is in the base currency (setting ``base_currency``) and no exchange rate is held, so an amount written
in another currency ("clients over €10k" in a dollar company, "CHF 5000") cannot be compared with them: the engine
refuses it naming the base currency, never reading it silently as that many dollars. An amount in the base currency
is read as it is, whatever way it is written ("€10k" in a euro company, "EUR 10,000", "10k USD"): ``plain_amounts``
rewrites an ISO code or a currency's name beside an amount into the money sign the threshold rules read, so "EUR"
is never looked up as a client's name. The ways of writing a currency are declarations (``moat.ai.currency_words``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from moat.ai.asked_currency import foreign_display
from moat.ai.currency_words import CODES, DOLLARS, NAMES, SAID, SIGNS

if TYPE_CHECKING:
    from moat.ai.reading import Parse

_AMOUNT = r"(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])|\d[\d,.]*)(?:\s*(?:k|m|thousand|grand|million)(?![a-z]))?"
_SIGN = "|".join(re.escape(s) for s in sorted(SIGNS, key=len, reverse=True))
_CODE = "|".join(CODES)
_NAME = "|".join(sorted(NAMES, key=len, reverse=True))
_BEFORE = re.compile(rf"(?:(?<![a-z])(?P<sign>{_SIGN})|\b(?P<code>{_CODE}))\s?(?P<amount>{_AMOUNT})", re.IGNORECASE)
_AFTER = re.compile(rf"(?<![\w$€£¥.,])(?:[$€£¥]\s?)?(?P<amount>{_AMOUNT})\s?(?:(?P<sign>[€£¥])|(?P<code>{_CODE})\b|"
                    rf"(?P<name>{_NAME})\b)", re.IGNORECASE)
_THOUSANDS_POINT = re.compile(r"(?<=\d)\.(?=\d{3}(?:\D|$))")


def _currency(m: re.Match[str]) -> str:
    """The currency ("EUR") or "$" (a dollar, whichever) of one amount written with it."""
    groups = m.groupdict()
    if groups.get("sign"):
        return SIGNS[groups["sign"].lower()]
    if groups.get("code"):
        return groups["code"].upper()
    return NAMES[groups["name"].lower()]


def currencies(question: str) -> list[tuple[str, str]]:
    """(how it was written, currency) of each amount in ``question`` written with a currency."""
    found = [(m.group(0).strip(), _currency(m)) for m in _BEFORE.finditer(question)]
    return found + [(m.group(0).strip(), _currency(m)) for m in _AFTER.finditer(question)]


def _is_base(currency: str, base: str) -> bool:
    return currency == base or (currency == "$" and base in DOLLARS)


def foreign_amount(question: str, base: str) -> str | None:
    """The refusal of a question with an amount in a currency other than ``base`` (None when every amount is in it)."""
    base = base.upper()
    foreign = [(said, cur) for said, cur in currencies(question) if not _is_base(cur, base)]
    if not foreign:
        return None
    said, cur = foreign[0]
    name = SAID.get(cur, cur)
    return (f"The amount \"{said}\" is in {name}, but your figures are in {base} and no exchange rate is held, so I "
            f"can't compare them with it (reading it as {base} would be a different amount). Ask again with the amount "
            f"in {base}, e.g. \"over 10,000 {base}\".")


def checked_currency(parse: Parse, question: str, base: str) -> Parse:
    """``parse`` of ``question`` (as asked), or its refusal when an amount in it is in a currency other than ``base``."""
    refusal = foreign_amount(question, base) or foreign_display(question, base)  # h118: "revenue in £" too
    if refusal is None:
        return parse
    return replace(parse, intent=None, route=None, refusal=refusal, candidates=[], suggestions=[], confidence=0.0)


def plain_amounts(text: str) -> str:
    """``text`` with a currency's code beside an amount written as the money sign before it ("EUR 10,000", "10k usd"
    -> "$10,000", "$10k"): the threshold rules read one money sign ("12,000 euros", "10k dollars" they read as they
    are). Which currency it was is checked on the question itself (``foreign_amount``)."""
    text = _BEFORE.sub(lambda m: "$" + _grouped(m["amount"]), text)
    return _AFTER.sub(lambda m: m.group(0) if m["name"] else "$" + _grouped(m["amount"]), text)


def _grouped(amount: str) -> str:
    """A dot between groups of three digits with no magnitude after them is a thousands point ("10.000 €")."""
    return _THOUSANDS_POINT.sub(",", amount) if amount[-1:].isdigit() else amount
