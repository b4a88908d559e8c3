"""Seats from Microsoft 365 reports: users per product update licence lines that billing brought; never purchases.

Per-user reports (``Assigned Products`` / ``Licenses`` joined by ``+``) are counted per product: assigned = users
holding it, active = those with any activity date in the report. Products meet billing lines of the same client
on ``moat.names.product_key`` (case/edition-insensitive). The month is the report's (``Report Refresh Date``),
else the latest month loaded for that line. Each product becomes one row that rewrites its licence line with
the new seat counts (same key, so the newest snapshot wins); the other users' rows are skipped as counted. A
product with no billing line is quarantined: a seat report never invents a purchase or a price.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from moat.db import frame
from moat.ingest import values
from moat.names import normalize, product_key

REJECT = "__reject"


def _lines(con: Any, client: str) -> pl.DataFrame:
    return frame(con, "SELECT client_name, vendor, product, month, start_date, end_date, seats_purchased, unit_cost, unit_price "
                      "FROM cur_licenses WHERE client_key = ?", [normalize(client)])


def _per_user(run: Any) -> pl.DataFrame:
    """(row, product, active) per user and product held."""
    spec = run.source.seats
    df = run.df
    if spec.deleted and run.has(spec.deleted):
        deleted = values.boolean(df[run.col(spec.deleted)]).fill_null(False)
        run.count("deleted_users_skipped", run.skip(deleted, "deleted user (not counted)"))
        df = run.df
    acts = [run.col(a) for a in spec.activity if run.has(a)]
    active = pl.any_horizontal([values.present(pl.col(a)).fill_null(False) for a in acts]) if acts else pl.lit(None, dtype=pl.Boolean)
    users = df.select(pl.col("__row"), values.text(pl.col(run.col(spec.products))).fill_null("").str.split(spec.separator).alias("p"),
                      active.alias("active")).explode("p")
    users = users.with_columns(pl.col("p").str.strip_chars()).filter(
        (pl.col("p") != "") & ~pl.col("p").str.to_lowercase().is_in(list(spec.unlicensed)))
    return users


def roll_up(run: Any, con: Any) -> None:
    spec = run.source.seats
    client = run.ctx.client or ""
    if run.has("products"):
        users = _per_user(run)
        with_product = set(users["__row"].to_list())
        run.count("users_without_licence", run.skip(~pl.col("__row").is_in(list(with_product)), "user without a licence (not counted)"))
        users = users.with_columns(pl.col("p").map_elements(product_key, return_dtype=pl.Utf8).alias("key"))
        per = users.group_by("key", maintain_order=True).agg(pl.col("p").first().alias("product"), pl.len().alias("assigned"),
                                                              pl.col("active").sum().alias("active_n"), pl.col("__row").alias("rows"))
        has_activity = any(run.has(a) for a in spec.activity)
    else:  # a product-level subscriptions export
        src = run.df.select(pl.col("__row"), values.text(pl.col(run.col("product"))).alias("product"),
                            values.integer(run.df[run.col("seats_assigned")]).alias("assigned"))
        per = src.with_columns(pl.col("product").map_elements(product_key, return_dtype=pl.Utf8).alias("key"),
                               pl.lit(None, dtype=pl.Int64).alias("active_n"), pl.concat_list(pl.col("__row")).alias("rows"))
        has_activity = False
    month = None
    if spec.refresh and run.has(spec.refresh):
        found = values.date(run.df[run.col(spec.refresh)], "mdy").drop_nulls()
        month = found.max().replace(day=1) if found.len() else None
    lines = _lines(con, client) if con is not None else pl.DataFrame()
    if lines.height:
        lines = lines.with_columns(pl.col("product").map_elements(product_key, return_dtype=pl.Utf8).alias("key"),
                                   pl.coalesce(pl.col("month"), pl.col("start_date")).alias("__when"))
    used: set[int] = set()
    out: list[dict[str, Any]] = []
    for r in per.iter_rows(named=True):
        row = next((x for x in r["rows"] if x not in used), r["rows"][0])
        used.add(row)
        line = _line_for(lines, r["key"], month)
        rec: dict[str, Any] = {"__row": row, "product": r["product"], "seats_assigned": str(r["assigned"]),
                               "seats_active": str(r["active_n"]) if has_activity else None, "client_name": client}
        if line is None:
            when = month.strftime("%Y-%m") if month else "any month"
            rec[REJECT] = (f"no licence line for {r['product']} of {client} in {when}: load the distributor's or billing file "
                           "first (a seat report never creates purchases or prices)")
        else:
            rec.update({"client_name": line["client_name"], "product": line["product"], "vendor": line["vendor"],
                        "month": _iso(line["month"]), "start_date": _iso(line["start_date"]), "end_date": _iso(line["end_date"]),
                        "seats_purchased": str(line["seats_purchased"]), "unit_cost": str(line["unit_cost"]),
                        "unit_price": None if line["unit_price"] is None else str(line["unit_price"])})
        out.append(rec)
    counted = run.df.filter(~pl.col("__row").is_in(list(used)))
    run.skipped += [{"row": x, "kind": "user counted in the seats of their products"} for x in counted["__row"].to_list()]
    run.count("users_counted", int(per["assigned"].sum()) if per.height else 0)
    run.count("products_matched", sum(1 for o in out if REJECT not in o))
    run.count("products_without_billing_line", sum(1 for o in out if REJECT in o))
    schema = {"__row": pl.Int64, "client_name": pl.Utf8, "vendor": pl.Utf8, "product": pl.Utf8, "month": pl.Utf8, "start_date": pl.Utf8,
              "end_date": pl.Utf8, "seats_purchased": pl.Utf8, "seats_assigned": pl.Utf8, "seats_active": pl.Utf8, "unit_cost": pl.Utf8,
              "unit_price": pl.Utf8, REJECT: pl.Utf8}
    rows = pl.DataFrame([{k: o.get(k) for k in schema} for o in out], schema=schema, orient="row")
    run.df = rows.with_columns(pl.col("__row").cast(run.df.schema["__row"]))
    for f in ("client_name", "vendor", "product", "month", "start_date", "end_date", "seats_purchased", "seats_assigned", "seats_active",
              "unit_cost", "unit_price"):
        run.m.columns[f] = f
    if REJECT not in run.df.columns or run.df[REJECT].null_count() == run.df.height:
        run.df = run.df.drop(REJECT)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _line_for(lines: pl.DataFrame, key: str, month: date | None) -> dict[str, Any] | None:
    if lines.height == 0:
        return None
    same = lines.filter(pl.col("key") == key)
    if same.height == 0:
        return None
    if month is not None:
        exact = same.filter((pl.col("month") == month) | (pl.col("month").is_null() & (pl.col("start_date") <= month)
                            & (pl.col("end_date").is_null() | (pl.col("end_date") >= month))))
        return exact.sort("__when", descending=True).row(0, named=True) if exact.height else None
    return same.sort("__when", descending=True).row(0, named=True)
