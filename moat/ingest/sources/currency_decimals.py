"""How many decimals each currency's amounts have (ISO 4217's minor unit), where it is not two (h111, h101 L4).

Why it matters: `150,000` is 150.00 in a file that writes decimals with a comma, but a yen amount has no decimals,
so in yen it can only be 150,000 (read as 150.00 it was 1,000 times too small, exit 0). A dinar of Bahrain has three,
so `BHD 1.500` is one and a half dinars, never 1,500. Codes are upper-case ISO 4217; every other currency has two.
Source: ISO 4217's list (the "minor unit" column), as Stripe's "zero-decimal currencies" list repeats it.
"""

from __future__ import annotations

ZERO_DECIMAL: frozenset[str] = frozenset({
    "JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF", "PYG", "RWF", "KMF", "GNF", "BIF", "DJF", "MGA", "VUV", "XPF",
})
THREE_DECIMAL: frozenset[str] = frozenset({"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"})
