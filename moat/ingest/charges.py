"""Charges of one licence line in one month, merged (``Source.merge_charges``): a distributor bills a mid-month
seat addition as a second, prorated charge for the same client, product and month.

Licence lines are one per (client, product, month), so a second charge would otherwise be quarantined as a
duplicate and its cost left out. Here the charges of a line are merged: seats are summed (the seats bought by the
month's end) and so are their costs (``total_cost``: what the month's charges add up to); the cost per seat is
then worked out by the pipeline as total / seats. The merged rows count as loaded with the row they were merged
into (``run.merged``), so rows read = loaded + quarantined + skipped still holds. Rows whose seats or cost cannot
be read are left alone: the pipeline quarantines them as before.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.ingest import values
from moat.ingest.readers import ROW
from moat.names import normalize


def merge(run: Any) -> None:
    """Merge the charges that share client, product and month (``run`` is shaping's working state)."""
    if not all(run.has(f) for f in ("client_name", "product", "seats_purchased", "total_cost")):
        return
    month_field = next((f for f in ("month", "start_date") if run.has(f)), None)
    if month_field is None:
        return
    df = run.df
    seats = values.integer(df[run.col("seats_purchased")])
    total = values.money(df[run.col("total_cost")], False)
    when = values.date(df[run.col(month_field)], None)
    keys = pl.DataFrame({
        ROW: df[ROW],
        "c": [normalize(v or "") for v in values.text(df[run.col("client_name")]).to_list()],
        "p": values.text(df[run.col("product")]).str.to_lowercase().str.strip_chars(),
        "m": when.dt.strftime("%Y-%m"), "seats": seats, "total": total,
    })
    readable = keys.filter(pl.col("c").is_not_null() & (pl.col("c") != "") & pl.col("p").is_not_null() & pl.col("m").is_not_null()
                           & pl.col("seats").is_not_null() & pl.col("total").is_not_null())
    groups = readable.group_by("c", "p", "m", maintain_order=True).agg(
        pl.col(ROW).alias("rows"), pl.col("seats").sum().alias("seats_sum"), pl.col("total").sum().alias("total_sum"))
    groups = groups.filter(pl.col("rows").list.len() > 1)
    if groups.height == 0:
        return
    rep_seats: dict[int, str] = {}
    rep_total: dict[int, str] = {}
    gone: list[int] = []
    for g in groups.iter_rows(named=True):
        rep, *rest = g["rows"]
        rep_seats[rep], rep_total[rep] = str(g["seats_sum"]), str(g["total_sum"])
        gone += rest
        run.merged += [(rep, x) for x in rest]
    rows = df[ROW]
    run.df = df.with_columns(
        pl.when(rows.is_in(list(rep_seats))).then(rows.replace_strict(rep_seats, default=None, return_dtype=pl.Utf8))
        .otherwise(values.text(pl.col(run.col("seats_purchased")))).alias("__mc_seats"),
        pl.when(rows.is_in(list(rep_total))).then(rows.replace_strict(rep_total, default=None, return_dtype=pl.Utf8))
        .otherwise(values.text(pl.col(run.col("total_cost")))).alias("__mc_total"),
    ).filter(~pl.col(ROW).is_in(gone))
    run.m.columns["seats_purchased"] = "__mc_seats"
    run.m.columns["total_cost"] = "__mc_total"
    run.m.columns.pop("unit_cost", None)  # the cost per seat of a merged line is its total / its seats
    run.rules["charges_merged"] = len(gone)
