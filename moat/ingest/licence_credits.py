"""A credit line (negative seats) of a licence file loaded by a mapping or header synonyms is netted into the line
it credits (h69 D4): `Cedar Vets, Exchange Online, -3, ..., -9.90` beside `..., 10, ..., 33.00` of the same
product and period is 7 seats and 23.10, as the declared distributor sources merge their charges
(``charges.merge``).

Loaded alone, the credit was held as "seats must not be negative; unit cost is required but empty" (the cost
was given: -9.90), and the line it credits loaded 10 seats: the client's cost overstated. Here a row with negative
seats whose client, product and period (start or month, and end) equal a row with positive seats is added to the
first such row (seats and total cost summed; a cost or price per seat weighted by seats) and counted as loaded with
it. A credit with no line to net into, or one that would leave no seats, is left as it is: validation holds it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import polars as pl

from moat.ingest import values
from moat.ingest.headings import exact_col, series
from moat.ingest.mapping import IGNORE
from moat.ingest.table import ROW

REJECT = "__reject"
_KEY_FIELDS = ("client_name", "product", "month", "start_date", "end_date")


def net(table: Any, det: Any, recognised: Any) -> Any:
    """``table`` with its credit lines netted into the lines they credit (``recognised.merged`` counts them), or
    unchanged."""
    src = recognised.source if recognised is not None else "generic"
    if det.dataset != "licenses" or recognised is None or not (src == "generic" or src.startswith("mapping")):
        return table
    by_field = {f: h for h, f in det.columns.items() if f != IGNORE and h in table.rows.columns}
    if "seats_purchased" not in by_field or "client_name" not in by_field or "product" not in by_field:
        return table
    rows = table.rows
    comma = table.delimiter == ";"
    seats = values.money(series(rows, by_field["seats_purchased"]).cast(pl.Utf8), comma).cast(pl.Float64)
    held = rows[REJECT].is_not_null() if REJECT in rows.columns else pl.Series([False] * rows.height)
    keys = [by_field[f] for f in _KEY_FIELDS if f in by_field]
    key = rows.select(pl.concat_str([values.text(exact_col(k)).str.to_lowercase().fill_null("") for k in keys],
                                    separator="\u241f").alias("k"))["k"]
    frame = pl.DataFrame({"i": range(rows.height), "row": rows[ROW], "k": key, "s": seats, "held": held})
    credits = frame.filter((pl.col("s") < 0) & ~pl.col("held"))
    if credits.height == 0:
        return table
    targets = frame.filter((pl.col("s") > 0) & ~pl.col("held")).group_by("k").agg(pl.col("i").min().alias("t"))
    pairs = credits.join(targets, on="k", how="inner")
    if pairs.height == 0:
        return table
    money = {f: values.money(series(rows, by_field[f]).cast(pl.Utf8), comma).cast(pl.Float64)
             for f in ("total_cost", "unit_cost", "unit_price") if f in by_field}
    groups: dict[int, list[int]] = {}
    for i, t in pairs.select("i", "t").iter_rows():
        groups.setdefault(t, []).append(i)
    new_cells: dict[str, dict[int, str]] = {by_field[f]: {} for f in ("seats_purchased", *money)}
    merged: list[tuple[int, int]] = []
    drop: list[int] = []
    for t, members in groups.items():
        every = [t, *members]
        net_seats = sum(seats[i] for i in every)
        if net_seats <= 0 or any(money[f][i] is None for f in money for i in every):
            continue  # nothing left to bill, or a cost that cannot be read: validation holds the credit as it is
        new_cells[by_field["seats_purchased"]][t] = f"{net_seats:g}"
        for f, col in money.items():
            v = sum(col[i] for i in every) if f == "total_cost" else sum(col[i] * seats[i] for i in every) / net_seats
            text = f"{round(v, 4)}"
            new_cells[by_field[f]][t] = text.replace(".", ",") if comma else text
        merged += [(int(rows[ROW][t]), int(rows[ROW][i])) for i in members]
        drop += members
    if not merged:
        return table
    out = rows.with_columns([
        pl.Series(h, [cells.get(i, v) for i, v in enumerate(series(rows, h).cast(pl.Utf8).to_list())], dtype=pl.Utf8)
        for h, cells in new_cells.items()])
    out = out.filter(~pl.Series(range(out.height)).is_in(drop))
    if recognised.rows_read is None:
        recognised.rows_read = table.rows.height
    recognised.merged = [*recognised.merged, *merged]
    recognised.rules["credits_netted"] = len(merged)
    note = (f"{len(merged)} credit line(s) with negative seats netted into the line they credit (same client, product "
            f"and period; row(s) {', '.join(f'{c} into {r}' for r, c in merged[:10])}): seats and cost summed")
    return replace(table, rows=out, notes=[*table.notes, note])
