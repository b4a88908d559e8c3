"""Seats from Microsoft 365 reports: users per product update licence lines that billing brought; never purchases.

Per-user reports (``Assigned Products`` / ``Licenses`` joined by ``+``) are counted per product: assigned = users
holding it, active = those with any activity date in the report. Products meet billing lines of the same client
on ``moat.names.product_key`` (case/edition-insensitive). The month is the report's (``Report Refresh Date``),
else the latest month loaded for that line. Each product becomes one row that rewrites its licence line with
the new seat counts (same key, so the newest snapshot wins); the other users' rows are skipped as counted. A
product with no billing line is quarantined: a seat report never invents a purchase or a price.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import polars as pl

from moat.db import frame
from moat.frames import python_map
from moat.ingest import values
from moat.ingest.headings import exact_col, series
from moat.ingest.readers import ROW
from moat.names import normalize, product_key

REJECT = "__reject"


def _lines(con: Any, client: str) -> pl.DataFrame:
    return frame(con, "SELECT client_name, vendor, product, month, start_date, end_date, seats_purchased, unit_cost, unit_price "
                      "FROM cur_licenses WHERE client_key = ?", [normalize(client)])


def _per_user(run: Any) -> pl.DataFrame:
    """(row, product, active) per user and product held; deleted users skipped."""
    spec = run.source.seats
    if spec.deleted and run.has(spec.deleted):
        deleted = values.boolean(series(run.df, run.col(spec.deleted))).fill_null(False)
        run.count("deleted_users_skipped", run.skip(deleted, "deleted user (not counted)"))
    df = run.df
    acts = [run.col(a) for a in spec.activity if run.has(a)]
    refresh = _refresh(run)
    if acts and refresh is None:  # activity without the day the report was taken cannot say who is active now
        active = pl.lit(None, dtype=pl.Boolean)
    elif acts:
        dates = [values.date(series(df, a), "mdy").alias(f"__a{i}") for i, a in enumerate(acts)]
        window = (pl.lit(refresh - timedelta(days=29)) if refresh else pl.lit(None, dtype=pl.Date))
        active = pl.any_horizontal([(exact_col(d.name) >= window) if refresh else exact_col(d.name).is_not_null() for d in dates]).fill_null(False)
        df = df.with_columns(dates)
    else:
        active = pl.lit(None, dtype=pl.Boolean)
    users = df.select(pl.col(ROW), values.text(exact_col(run.col(spec.products))).fill_null("").str.split(spec.separator).alias("p"),
                      active.alias("active")).explode("p")
    users = users.with_columns(pl.col("p").str.strip_chars())
    names = run.source.value_names.get("products")
    if names:  # SKU part numbers (SPB, O365_BUSINESS_PREMIUM) as PowerShell / Graph exports give them -> product names
        users = users.with_columns(pl.col("p").replace(names))
    return users.filter(
        pl.col("p").is_not_null() & (pl.col("p") != "") & ~pl.col("p").str.to_lowercase().is_in(list(spec.unlicensed)))


def _refresh(run: Any) -> date | None:
    spec = run.source.seats
    if spec.refresh and run.has(spec.refresh):
        cells = series(run.df, run.col(spec.refresh)).cast(pl.Utf8).str.replace_all("\ufeff", "")  # a BOM on every line
        found = values.date(cells, "mdy").drop_nulls()
        return found.max() if found.len() else None
    return None


def roll_up(run: Any, con: Any) -> None:
    client = run.ctx.client or ""
    refresh = _refresh(run)
    if run.has("products"):
        users = _per_user(run)
        holders = set(users[ROW].to_list())
        run.count("users_without_licence", run.skip(~pl.col(ROW).is_in(list(holders)), "user without a licence (not counted)"))
        users = users.with_columns(python_map(users["p"], product_key, pl.Utf8).alias("key"))
        per = users.group_by("key", maintain_order=True).agg(pl.col("p").first().alias("product"), pl.len().alias("assigned"),
                                                              pl.col("active").sum().alias("active_n"), pl.col(ROW).alias("rows"))
        has_activity = any(run.has(a) for a in run.source.seats.activity)
        if has_activity and refresh is None:  # h28 D8: never count old activity as active
            has_activity = False
            run.count("seats_active_not_counted", 1)
            run.warnings.append("the report's Report Refresh Date is missing or unreadable, so its activity dates cannot be "
                                "measured against the last 30 days: seats active were not counted (assigned were); export "
                                "the report again with its Report Refresh Date column filled")
    else:  # a product-level subscriptions export
        per = run.df.select(pl.concat_list(pl.col(ROW)).alias("rows"), values.text(exact_col(run.col("product"))).alias("product"),
                            values.integer(series(run.df, run.col("seats_assigned"))).alias("assigned"), pl.lit(None, dtype=pl.Int64).alias("active_n"))
        per = per.with_columns(python_map(per["product"], product_key, pl.Utf8).alias("key"))
        has_activity = False
    month = refresh.replace(day=1) if refresh else None
    lines = _lines(con, client) if con is not None else pl.DataFrame()
    if lines.height:
        lines = lines.with_columns(python_map(lines["product"], product_key, pl.Utf8).alias("key"),
                                   pl.coalesce(pl.col("month"), pl.col("start_date")).alias("__when"))
    used: set[int] = set()
    out: list[dict[str, Any]] = []
    unmatched: list[str] = []
    for r in per.iter_rows(named=True):
        line = _line_for(lines, r["key"], month)
        if line is None:
            unmatched.append(r["product"])
            continue
        row = next((x for x in r["rows"] if x not in used), None)
        if row is None:  # every holder already carries another product's line: count into the first
            row = r["rows"][0]
        used.add(row)
        out.append({ROW: row, "client_name": line["client_name"], "product": line["product"], "vendor": line["vendor"],
                    "month": _iso(line["month"]), "start_date": _iso(line["start_date"]), "end_date": _iso(line["end_date"]),
                    "seats_purchased": str(line["seats_purchased"]), "unit_cost": str(line["unit_cost"]),
                    "unit_price": None if line["unit_price"] is None else str(line["unit_price"]),
                    "seats_assigned": str(r["assigned"]), "seats_active": str(r["active_n"]) if has_activity else None})
    if unmatched:
        when = month.strftime("%Y-%m") if month else "any month"
        run.count("products_without_billing_line", len(unmatched))
        run.warnings.append(f"no licence line of {client} for {', '.join(unmatched[:10])} in {when}: not counted (a seat report never "
                            "creates purchases or prices; load the distributor's billing first)")
    rest = run.df.filter(~pl.col(ROW).is_in(list(used)))[ROW].to_list()
    loaded_users = set(users[ROW].to_list()) if run.has("products") else set()
    for x in rest:
        holder_of_matched = run.has("products") and x in loaded_users and _holds_matched(users, x, {o["product"] for o in out}, lines)
        if holder_of_matched:
            rep = next(o[ROW] for o in out)
            run.merged.append((rep, x))
        else:
            run.skipped.append({"row": x, "kind": "product with no billing line (not a purchase)" if not run.has("products")
                                else "user of products with no billing line (not counted)"})
    run.df = run.df.filter(pl.col(ROW).is_in(list(used)))
    run.count("users_counted", int(per["assigned"].sum() or 0) if run.has("products") and per.height else 0)
    run.count("products_matched", len(out))
    schema = {ROW: run.df.schema[ROW], **{k: pl.Utf8 for k in ("client_name", "vendor", "product", "month", "start_date", "end_date",
                                                                "seats_purchased", "seats_assigned", "seats_active", "unit_cost", "unit_price")}}
    run.df = pl.DataFrame([{k: o.get(k) for k in schema} for o in out], schema=schema, orient="row")
    for f in list(schema)[1:]:
        run.m.columns[f] = f
    run.header = [h for h in run.header if h in run.df.columns]
    run.rules["seats_rule"] = ("assigned = users holding the product" + ("; active = users with any activity in the 30 days up to "
                               f"{refresh}" if has_activity and refresh else "") + "; purchases and prices stay those of the billing lines")


def _holds_matched(users: pl.DataFrame, row: int, products: set[str], lines: pl.DataFrame) -> bool:
    keys = set(users.filter(pl.col(ROW) == row)["key"].to_list())
    return bool(keys & {product_key(p) for p in products})


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
