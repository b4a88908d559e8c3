"""A currency column's cell as an ISO 4217 code: codes, symbols, and the currency's English NAME (h63 F20).

Exports write the currency as a name as often as a code: Harvest's Currency column is `British Pound - GBP`,
accounting lists write `US Dollar` or `Euro`. Read upper-cased as a code, `US DOLLAR` was a currency with no rate,
so base-currency rows waited for a `US DOLLAR` rate and foreign ones asked for rates keyed by names nobody loads.
A cell naming its code (`British Pound - GBP`, `Euro (EUR)`, `GBP - Pound Sterling`) gives that code; a known name
gives its code; anything else is left as written (upper-cased), and the rate lookup says what it is missing.
"""

from __future__ import annotations

import polars as pl

from moat.ingest import values

NAMES = {
    "US DOLLAR": "USD", "US DOLLARS": "USD", "U.S. DOLLAR": "USD", "U.S. DOLLARS": "USD", "UNITED STATES DOLLAR": "USD",
    "AMERICAN DOLLAR": "USD", "EURO": "EUR", "EUROS": "EUR", "BRITISH POUND": "GBP", "BRITISH POUNDS": "GBP",
    "POUND STERLING": "GBP", "POUNDS STERLING": "GBP", "STERLING": "GBP", "GREAT BRITISH POUND": "GBP", "UK POUND": "GBP",
    "CANADIAN DOLLAR": "CAD", "CANADIAN DOLLARS": "CAD", "AUSTRALIAN DOLLAR": "AUD", "AUSTRALIAN DOLLARS": "AUD",
    "NEW ZEALAND DOLLAR": "NZD", "NEW ZEALAND DOLLARS": "NZD", "SINGAPORE DOLLAR": "SGD", "HONG KONG DOLLAR": "HKD",
    "SWISS FRANC": "CHF", "SWISS FRANCS": "CHF", "JAPANESE YEN": "JPY", "YEN": "JPY", "INDIAN RUPEE": "INR",
    "INDIAN RUPEES": "INR", "DANISH KRONE": "DKK", "DANISH KRONER": "DKK", "SWEDISH KRONA": "SEK", "SWEDISH KRONOR": "SEK",
    "NORWEGIAN KRONE": "NOK", "NORWEGIAN KRONER": "NOK", "SOUTH AFRICAN RAND": "ZAR", "RAND": "ZAR", "MEXICAN PESO": "MXN",
    "POLISH ZLOTY": "PLN", "CZECH KORUNA": "CZK", "HUNGARIAN FORINT": "HUF", "BRAZILIAN REAL": "BRL", "CHINESE YUAN": "CNY",
    "YUAN RENMINBI": "CNY", "RENMINBI": "CNY", "ISRAELI SHEKEL": "ILS", "ISRAELI NEW SHEKEL": "ILS", "UAE DIRHAM": "AED",
    "EMIRATI DIRHAM": "AED", "SAUDI RIYAL": "SAR", "TURKISH LIRA": "TRY", "PHILIPPINE PESO": "PHP", "MALAYSIAN RINGGIT": "MYR",
}
# a name and its code side by side: `British Pound - GBP`, `GBP - British Pound`, `Euro (EUR)`
_CODE_AFTER = r"^.*?[A-Z][A-Z .]*?\s*(?:-|–|\()\s*([A-Z]{3})\)?$"
_CODE_BEFORE = r"^([A-Z]{3})\s*(?:-|–|\()\s*[A-Z][A-Z .]*\)?$"


def codes(expr: pl.Expr) -> pl.Expr:
    """``expr``'s cells as currency codes: upper-cased, symbols and names to codes, a code beside its name kept."""
    up = values.text(expr).str.to_uppercase().str.replace_all(r"\s+", " ")
    named = pl.coalesce(up.str.extract(_CODE_AFTER, 1), up.str.extract(_CODE_BEFORE, 1))
    return pl.coalesce(up.replace_strict(NAMES, default=None, return_dtype=pl.Utf8), named, up.replace(values.SYMBOLS))
