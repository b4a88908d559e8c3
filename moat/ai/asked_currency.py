"""h118 (issue 15, h114's hunt, sections O / J): figures asked for IN a currency ("revenue in £", "licence cost in
€", "gross profit in sterling", "margin in GBP") that is not the base one.

Every figure is in the base currency and no exchange rate is held, so such a question was answered in the base
currency with nothing said ("in £" dropped silently), or its word was matched to a client ("revenue in sterling" read
as Sterling Law Partners' revenue). ``moat.ai.amount_currency`` refuses an AMOUNT in another currency; this refuses a
currency asked for the figures themselves, naming the base currency, the same way. The words are
``moat.ai.currency_words``'s.
"""

from __future__ import annotations

import re

from moat.ai.currency_words import CODES, DOLLARS, NAMES, SAID, SIGNS

_SIGN = "|".join(re.escape(s) for s in sorted(SIGNS, key=len, reverse=True))
_WORD = "|".join(sorted({*CODES, *NAMES, "british pounds", "pounds sterling", "uk pounds"}, key=len, reverse=True))
# "in £", "in euros", "in sterling", "in GBP", "converted to €", "expressed in pounds"; never "in £10k" (an amount)
_ASKED = re.compile(rf"\b(?:in|into|to|as)\s+(?:(?P<sign>{_SIGN})(?![\s\u00a0]?\d)|(?P<word>{_WORD})\b)", re.IGNORECASE)


def _currency(m: re.Match[str]) -> str:
    if m["sign"]:
        return SIGNS[m["sign"].lower()]
    word = m["word"].lower()
    return word.upper() if word in CODES else NAMES.get(word, "GBP")


def foreign_display(question: str, base: str) -> str | None:
    """The refusal of figures asked for in a currency other than ``base`` (None when none is, or it is ``base``)."""
    base = base.upper()
    for m in _ASKED.finditer(question):
        cur = _currency(m)
        if cur == base or (cur == "$" and base in DOLLARS):
            continue
        return (f"You asked for the figures in {SAID.get(cur, cur)} (\"{m.group(0).strip()}\"), but they are held in "
                f"{base} and no exchange rate is held, so I can't convert them. Ask again without the currency to get "
                f"them in {base}.")
    return None
