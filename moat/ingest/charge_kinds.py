"""What kind of charge a distributor billing row is, read from its charge-type / billing-cycle columns (h41 D14, D29).

A licence line is seats x a cost per seat per month. Two kinds of charge rows in distributor billing are not that:

* a **refund or credit** (Partner Center ``cancelImmediate`` / "Prorate credit when cancel", a Pax8 ``Credit``): its
  cost is negative, and whatever its quantity says, it *removes* seats. Some exports write the quantity positive
  (Partner Center NCE writes the refunded quantity as it was bought), so the sign is taken from the cost: a charge
  whose total cost is negative counts its seats negative;
* a **one-time fee** (Sherweb ``Setup`` / ``OneTime``, an activation or set-up fee) or a price adjustment
  (discount, rounding): a cost of the line, never a seat.

The columns are found by their header (any source), so the rule holds for a layout nobody declared.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.ingest import values
from moat.ingest.headings import exact_col, series

REJECT = "__reject"  # the quarantine's reason column (shaping.REJECT), named here to keep shaping off this leaf

# headers (folded: lower case, letters and digits only) that say what kind of charge a row is
KIND_HEADERS = ("chargetype", "billingcycletype", "chargekind", "transactiontype", "linetype", "billingcycle",
                "billingfrequency", "creditreasoncode", "ratetype")
# charge kinds that are a cost of the line but no seats (compared folded)
NOT_SEATS = ("setup", "onetime", "onetimefee", "setupfee", "activation", "activationfee", "installation",
             "installationfee", "discount", "adjustment", "priceadjustment", "rounding")


def fold(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def kind_columns(df: pl.DataFrame, header: list[str]) -> list[str]:
    """The file's columns that say what kind of charge a row is."""
    return [h for h in header if h in df.columns and fold(h) in KIND_HEADERS]


def not_seats(df: pl.DataFrame, header: list[str]) -> tuple[pl.Series, str | None]:
    """Per row: is it a one-time fee or adjustment (a cost, no seats)? And the value that said so first (for the report)."""
    hit = pl.Series([False] * df.height)
    said: str | None = None
    for c in kind_columns(df, header):
        key = df.select(values.text(exact_col(c)).str.to_lowercase().str.replace_all(r"[^a-z0-9]", "").alias("k"))["k"]
        this = key.is_in(list(NOT_SEATS)).fill_null(False)
        if this.any() and said is None:
            said = series(df.filter(this), c).cast(pl.Utf8).to_list()[0]
        hit = hit | this
    return hit, said


CREDIT_WORDS = ("credit", "refund", "cancel", "removequantity", "return", "reversal")


def hold_credits(table: Any, det: Any, recognised: Any) -> Any:
    """A licence file loaded by a mapping or header synonyms (no distributor source merges its charges) whose
    charge-type column marks a row as a refund/credit/cancellation (Partner Center legacy "Prorate credit when
    cancel", quantity 2): loaded as written, its quantity would add seats to the line it credits (h41 D28: 12 seats
    instead of 8). Such rows wait in the quarantine (``REJECT``) saying what they are; the rest load."""
    if det.dataset != "licenses" or recognised is None:
        return table
    source = getattr(recognised, "source", "") or ""
    if not (source == "generic" or source.startswith("mapping")):
        return table
    rows = table.rows
    used = set(det.columns)
    cols = [c for c in kind_columns(rows, [h for h in table.header if h not in used or det.columns.get(h) == "ignore"])]
    if not cols:
        return table
    reason = pl.lit(None, dtype=pl.Utf8)
    for c in reversed(cols):
        key = values.text(exact_col(c)).str.to_lowercase().str.replace_all(r"[^a-z0-9]", "")
        hit = pl.any_horizontal([key.str.contains(w) for w in CREDIT_WORDS]).fill_null(False)
        reason = pl.when(hit).then(pl.format(
            "a refund or credit charge (" + c.replace("{", "(").replace("}", ")") + " '{}'): loaded as written its quantity "
            "would add seats to the line it credits; net it into that line (seats and cost) in the file, or leave it out "
            "and correct the line", values.text(exact_col(c)))).otherwise(reason)
    keep = pl.col(REJECT) if REJECT in rows.columns else pl.lit(None, dtype=pl.Utf8)
    out = rows.with_columns(pl.coalesce(keep, reason).alias(REJECT))
    if out[REJECT].null_count() == out.height:
        return table
    from dataclasses import replace

    return replace(table, rows=out)
