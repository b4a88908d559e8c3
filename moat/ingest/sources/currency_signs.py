"""Currency signs that more than one currency writes, and which currencies each may stand for (h124, h111 L4).

A money cell's sign is read as its currency only when nothing better says which: a row's currency column (or the
mapping's currency) that names one of the sign's currencies decides, and a column naming a currency the sign cannot
stand for is a conflict (the row is quarantined naming both, never guessed). `¥` is the yen's and the yuan's sign
(Unicode's chart for U+00A5 YEN SIGN: "= yuan sign (Chinese)"), and the two differ in decimals (ISO 4217: JPY 0,
CNY 2): `¥1.500` is 1,500 yen but 1.50 or 1,500.00 yuan. `$` and `kr` are settled in ``moat.ingest.fx``
(``DOLLAR_CURRENCIES``) and ``moat.ingest.values`` (``KRONE_CURRENCIES``).
"""

from __future__ import annotations

YEN_SIGN = "¥"
YEN_CURRENCIES: tuple[str, ...] = ("JPY", "CNY")  # the first is what a bare `¥` means when nothing names the currency
