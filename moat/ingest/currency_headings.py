"""A currency stated in a money column's heading (`Amount (EUR)`, `Cost Rate (GBP)`) or spelled out in a Currency
cell (`British Pound - GBP`) is the money's currency, read exactly as a `1000 EUR` cell is (h60 F3, F4).

Toggl (`Amount (USD)`), Clockify (`Billable Rate (USD)`) and many accounting list exports name the currency in the
heading instead of the cells. Ignoring it sums euros or pounds as base-currency money; so the heading's code is
written onto every cell of that column that carries no currency of its own, and the pipeline's currency rules do the
rest (converted at the month's rate, or held in the quarantine naming the rate to load; time entries, which are not
converted, wait naming the currency). Harvest writes its Currency column as `British Pound - GBP`: the ISO code at
the end is the currency.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

_CODES = r"US\$|USD|CA\$|C\$|CAD|AU\$|A\$|AUD|NZ\$|NZD|€|EUR|£|GBP|¥|JPY|₹|INR|CHF|SEK|NOK|DKK"
_HEADING = re.compile(r"^(?P<name>.*?\S)\s*[(\[]\s*(?P<code>" + _CODES + r")\s*[)\]]\s*$")
_SYMBOLS = {"US$": "USD", "CA$": "CAD", "C$": "CAD", "AU$": "AUD", "A$": "AUD", "NZ$": "NZD", "€": "EUR", "£": "GBP",
            "¥": "JPY", "₹": "INR"}
# derived money fields (``mapping.DERIVED``) besides each dataset's MONEY fields
_DERIVED_MONEY = {"total_cost", "annual_cost", "monthly_cost"}
# a currency cell that names the currency in words before its code: `British Pound - GBP`, `Euro (EUR)`
SPELLED_CODE = r"^[A-Za-z][A-Za-z .'-]*?\s*(?:-|\(|\u2013)\s*([A-Z]{3})\)?$"


def stated(header: str) -> str | None:
    """The ISO code a heading states in brackets (`Amount (EUR)` -> EUR, `Total (£)` -> GBP), else None."""
    m = _HEADING.match(str(header).strip())
    return _SYMBOLS.get(m.group("code"), m.group("code")) if m else None


_CENTS = re.compile(r"^(?P<name>.*?\S)\s*(?:[(\[]\s*(?:in\s+)?cents\s*[)\]]|[\s_]+(?:in[\s_]+)?cents)\s*$", re.IGNORECASE)


def in_cents(header: str) -> bool:
    """A money heading that says its unit is cents (`Amount (cents)`, `amount_cents`, `Total in cents`): h69 D25."""
    return bool(_CENTS.match(str(header).strip()))


def bare(header: str) -> str:
    """The heading without its stated currency (`Cost Rate (GBP)` -> `Cost Rate`) or cents unit, for the synonyms."""
    m = _HEADING.match(str(header).strip())
    c = _CENTS.match(str(header).strip())
    return m.group("name") if m else c.group("name") if c else header


def _money_fields(dataset: str) -> set[str]:
    from moat.datasets import get

    return {f.name for f in get(dataset).fields if f.type == "MONEY"} | _DERIVED_MONEY


def apply(table: Any, det: Any, warnings: list[str]) -> Any:
    """Write each money column's stated currency onto its cells that state none (returns ``table``, rows replaced)."""
    from moat.ingest import values

    money = _money_fields(det.dataset)
    exprs = []
    said = []
    for col, target in det.columns.items():
        code = stated(col)
        if code is None or target not in money or col not in table.rows.columns:
            continue
        cells = table.rows.get_column(col).alias("__value").cast(pl.Utf8)  # a plain name: `^Amount$` is no pattern
        marked = values.currency_marker(cells).is_not_null()
        filled = cells.str.strip_chars().fill_null("") != ""
        new = (cells + (" " + code)).zip_with((filled & ~marked).fill_null(False), cells)
        exprs.append(new.alias(col))
        said.append(f"`{col}` -> {code}")
    if exprs:
        table.rows = table.rows.with_columns(exprs)
        warnings.append("amounts in the currency their heading states (converted, or held for a rate, as `1000 EUR` "
                        f"cells are): {', '.join(said)}")
    return table


def cell_code(text: pl.Expr) -> pl.Expr:
    """`British Pound - GBP` -> `GBP` (Harvest's Currency column); any other text unchanged."""
    return pl.coalesce(text.str.extract(SPELLED_CODE, 1), text)
