"""h90: how an amount's currency is written beside it (declarations only; ``moat.ai.amount_currency`` reads them).

A sign before the amount, an ISO 4217 code before or after it, or a currency's name after it. Only codes that are
no English word are listed, so "top 10k" or "all 5k" are never read as a currency."""

from __future__ import annotations

# a sign before the amount (or right after it, as "10.000 €" is typed in Europe) -> the currency it writes
SIGNS: dict[str, str] = {"us$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "nz$": "NZD",
                         "$": "$", "€": "EUR", "£": "GBP", "¥": "JPY"}
# ISO 4217 codes an amount may be written with ("EUR 10,000", "10k USD", "CHF 5000")
CODES: tuple[str, ...] = ("usd", "eur", "gbp", "chf", "aud", "cad", "nzd", "jpy", "cny", "sek", "nok", "dkk", "pln",
                          "czk", "huf", "zar", "inr", "sgd", "hkd", "mxn", "brl", "aed", "ils")
# a currency named after the amount ("20k euros", "5 grand in pounds" is not read: only right after it)
NAMES: dict[str, str] = {"euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP", "quid": "GBP",
                         "sterling": "GBP", "franc": "CHF", "francs": "CHF", "yen": "JPY", "dollar": "$",
                         "dollars": "$", "bucks": "$"}
# "$" is the sign of these: an amount written with it is in the base currency when the base is one of them
DOLLARS: tuple[str, ...] = ("USD", "AUD", "CAD", "NZD", "SGD", "HKD", "MXN")
# the currencies' names said in a refusal
SAID: dict[str, str] = {"USD": "US dollars", "EUR": "euros", "GBP": "pounds sterling", "CHF": "Swiss francs",
                        "JPY": "yen", "$": "dollars"}
