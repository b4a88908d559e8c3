"""Amounts in cents (h69 D25): a heading that says so is divided by 100; a payment platform's API pull whose amounts
are whole numbers of the smallest unit is refused asking, never loaded x100.

Stripe's API (`GET /v1/invoices`: `in_...` ids, `currency` written `usd`, `subtotal`, `tax`, `total`) gives every
amount as an integer in the currency's smallest unit: 150000 is 1,500.00. Loaded as written, revenue was 100 times
too high (exit 0 once the date was mapped). A money column headed `Amount (cents)` / `amount_cents` is read in cents
(divided by 100, warned); an invoices file whose currency codes are written in lower case (the API style) or whose
ids are Stripe's and whose amounts are all whole numbers is refused naming the column and the heading that settles it.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import polars as pl

from moat.errors import FileRejected
from moat.ingest import values
from moat.ingest.currency_headings import in_cents
from moat.ingest.headings import series
from moat.ingest.sources.currency_decimals import ZERO_DECIMAL

_MONEY = {"amount", "monthly_fee", "unit_cost", "unit_price", "total_cost", "hourly_cost", "cost_rate", "bill_rate"}
_ZERO_DECIMAL = {c.lower() for c in ZERO_DECIMAL}  # Stripe writes codes in lower case


def _without_cents(table: Any, det: Any, cents: list[str], options: Any) -> None:
    """Refuse cents headings over amounts in a currency that has no cents (h126 U2): `amount_cents` holding yen,
    with JPY in the currency column or as the base currency, was divided by 100 (150000 loaded as 1500.00, exit 0).
    Which is right, the heading or the currency, is not guessed."""
    rows = table.rows
    cur_col = next((h for h, f in det.columns.items() if f == "currency"), None)
    if cur_col is not None and cur_col in rows.columns:
        codes = {str(c).strip().upper() for c in values.text(series(rows, cur_col).cast(pl.Utf8)).drop_nulls().to_list()}
    else:
        profile = getattr(options, "profile", None)
        codes = {str(getattr(profile, "currency", None) or getattr(options, "base_currency", "USD")).upper()}
    zero = sorted(codes & ZERO_DECIMAL)
    if zero:
        raise FileRejected(
            table.file_name,
            f"{', '.join(f'`{h}`' for h in cents)} says its amounts are in cents, but they are in {', '.join(zero)}, a "
            "currency without cents: divided by 100 they would be 100 times too small; nothing was loaded",
            f"if the amounts are whole {zero[0]}, rename the column without 'cents' and load the file again")


def apply(table: Any, det: Any, recognised: Any, options: Any = None) -> Any:
    """``table`` with cents columns divided by 100, or a refusal for an API pull in minor units (module doc)."""
    src = recognised.source if recognised is not None else "generic"
    if not (src == "generic" or src.startswith("mapping")):
        return table
    rows = table.rows
    cents = [h for h, f in det.columns.items() if f in _MONEY and in_cents(h) and h in rows.columns]
    if cents:
        _without_cents(table, det, cents, options)
        new = []
        for h in cents:
            amount = values.money(series(rows, h).cast(pl.Utf8), table.delimiter == ";")
            text = [None if v is None else str((v / Decimal(100)).quantize(Decimal("0.0001"))) for v in amount.to_list()]
            new.append(pl.DataFrame({"t": pl.Series(text, dtype=pl.Utf8), "r": series(rows, h).cast(pl.Utf8)})
                       .select(pl.coalesce("t", "r").alias(h)).to_series())
        return replace(table, rows=rows.with_columns(new), notes=[*table.notes, f"{', '.join(f'`{h}`' for h in cents)} "
                       "in cents (the heading says so): divided by 100"])
    if det.dataset != "invoices":
        return table
    amount_col = next((h for h, f in det.columns.items() if f == "amount"), None)
    if amount_col is None or amount_col not in rows.columns:
        return table
    cells = values.text(series(rows, amount_col).cast(pl.Utf8)).drop_nulls()
    if cells.len() == 0 or not bool(cells.str.contains(r"^-?[0-9]+$").all()):
        return table
    cur_col = next((h for h, f in det.columns.items() if f == "currency"), None)
    codes = values.text(series(rows, cur_col).cast(pl.Utf8)).drop_nulls() if cur_col in rows.columns else pl.Series([], dtype=pl.Utf8)
    lower = codes.len() > 0 and bool(codes.str.contains(r"^[a-z]{3}$").all()) and not bool(codes.is_in(list(_ZERO_DECIMAL)).all())
    stripe = any(h in rows.columns and bool(values.text(series(rows, h).cast(pl.Utf8)).drop_nulls().str.contains(r"^(?:in|ch|py|pi)_[A-Za-z0-9]{6,}$").all())
                 for h in table.header if h.lower() in ("id", "invoice", "invoice id", "charge", "payment intent"))
    if not (lower or stripe):
        return table
    example = cells[0]
    raise FileRejected(
        table.file_name,
        f"`{amount_col}` holds whole numbers only ({example}, ...) in a payment platform's API layout "
        f"({'currency written ' + repr(codes[0]) if lower else 'Stripe ids'}): such APIs give amounts in the currency's "
        f"smallest unit (cents), so {example} is {int(example) / 100:,.2f}; read as written revenue would be 100 times "
        "too high; nothing was loaded",
        f"if the amounts are cents, rename the column `{amount_col} (cents)` (it is then divided by 100) and load it again; "
        "if they are whole units, add `.00` to them")
