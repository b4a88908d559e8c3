"""Money written with the other sign convention (h69 D30): a bank or card export's money out is negative, and an
income-account listing writes income as a credit, negative.

Loaded as written, a costs file of `-820.00`, `-300.00`, `+45.00` (a refund), `-4,000.00` made overhead -5,075.00
(profit after overhead overstated by twice the costs), and a `4000 Sales` listing made every client's revenue
negative, exit 0. A costs file (mapped or by header synonyms) whose amounts are mostly negative is read with the
signs turned round (the refund then reduces the costs); an invoices file whose amounts are mostly negative with some
positive ones (income negative, credit notes positive) likewise. An invoices file of negative amounts only (a credit
notes list) is left as it is. A warning says so.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import polars as pl

from moat.ingest import values
from moat.ingest.headings import series


def turn_round(table: Any, det: Any, recognised: Any) -> Any:
    """``table`` with the amounts' signs turned round where the file writes money the other way, or unchanged."""
    src = recognised.source if recognised is not None else "generic"
    if det.dataset not in ("costs", "invoices") or not (src == "generic" or src.startswith("mapping")):
        return table
    col = next((h for h, f in det.columns.items() if f == "amount"), None)
    if col is None or col not in table.rows.columns:
        return table
    comma = table.delimiter == ";"
    amount = values.money(series(table.rows, col).cast(pl.Utf8), comma)
    neg, pos = int((amount < 0).sum()), int((amount > 0).sum())
    if neg <= pos or (det.dataset == "invoices" and pos == 0):
        return table
    flipped = [None if v is None else str(-v) for v in amount.to_list()]
    if comma:
        flipped = [None if t is None else t.replace(".", ",") for t in flipped]
    raw = series(table.rows, col).cast(pl.Utf8)
    new = pl.DataFrame({"f": pl.Series(flipped, dtype=pl.Utf8), "r": raw}).select(
        pl.coalesce(pl.col("f"), pl.col("r")).alias(col)).to_series()
    what = ("costs: money out is written negative (a bank or card export), so the signs were turned round (a refund "
            "reduces the costs)" if det.dataset == "costs" else
            "income is written negative (an income account's credits), so the signs were turned round (a credit note "
            "reduces revenue)")
    if recognised is not None:
        recognised.rules["signs_turned_round"] = neg + pos
    note = f"`{col}`: {neg} of {neg + pos} amounts are negative: {what}"
    return replace(table, rows=table.rows.with_columns(new), notes=[*table.notes, note])
