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
from moat.ingest.billing_cycles import REJECT
from moat.ingest.headings import exact_col, series
from moat.ingest.readers import ROW
from moat.names import normalize

_DAYS_PER_MONTH = 30.44


def _order(*columns: pl.Series) -> str | None:
    """The a/b/yyyy order the period's own dates prove ("3/31/2026" is month-first), or None when they prove none."""
    day = month = 0
    for c in columns:
        d, m, _ = values.date_order_evidence(c)
        day, month = day + d, month + m
    return "dmy" if day and not month else "mdy" if month and not day else None


def spread(run: Any) -> None:
    """A charge whose period covers several months (a yearly or prepaid subscription: Sherweb ``Yearly``, Ingram
    "Annual (paid upfront)", Partner Center "for yearly billing") is that many months' cost at once. Licence lines
    are per seat per month, so its cost is divided by the months of its period and the line runs over the period
    (start_date..end_date) instead of landing whole in its first month. Months are counted from the charge's own
    dates (a prorated part-month stays one month's charge); rows whose dates cannot be read are left as they are."""
    start_field = "month" if run.has("month") else "start_date" if run.has("start_date") else None
    end_field = "end_date" if run.has("end_date") else None
    if start_field is None or end_field is None:
        return
    df = run.df
    raw_start, raw_end = series(df, run.col(start_field)), series(df, run.col(end_field))
    order = _order(raw_start, raw_end)
    start, end = values.date(raw_start, order), values.date(raw_end, order)
    days = (end - start).dt.total_days() + 1
    months = (days.cast(pl.Float64) / _DAYS_PER_MONTH).round(0).cast(pl.Int64)
    many = (months > 1).fill_null(False)
    n = int(many.sum())
    if not n:
        if start_field == "month":  # a billed month's line needs no end: the period's end only measures the charge
            run.m.columns.pop("end_date")
        return
    work = pl.DataFrame({"many": many, "div": months.fill_null(1).clip(lower_bound=1),
                         "start": start.dt.strftime("%Y-%m-%d"), "end": end.dt.strftime("%Y-%m-%d")})
    spread_rows = pl.col("many")
    new: dict[str, pl.Series] = {}
    for fld in ("unit_cost", "total_cost", "unit_price"):  # the client's price is per seat per month too (h34 D8)
        if run.has(fld):
            raw = series(df, run.col(fld)).cast(pl.Utf8)
            comma = values.uses_decimal_comma([raw], run.semicolon)
            amount = values.money(raw, comma)
            per_month = (amount.cast(pl.Float64) / work["div"]).round(4).cast(pl.Utf8)
            if comma:
                per_month = per_month.str.replace(".", ",", literal=True)
            # an unreadable amount stays as written: the pipeline quarantines it
            new[fld] = work.select(pl.when(spread_rows & amount.is_not_null()).then(per_month).otherwise(raw)).to_series()
    if start_field == "month":  # the line becomes a subscription over its period: no single billed month
        blank = pl.Series([None] * df.height, dtype=pl.Utf8)
        new["month"] = work.select(pl.when(spread_rows).then(None).otherwise(series(df, run.col("month")).cast(pl.Utf8))).to_series()
        for fld, iso in (("start_date", "start"), ("end_date", "end")):
            new[fld] = work.select(pl.when(spread_rows).then(exact_col(iso)).otherwise(blank)).to_series()
    run.df = df.with_columns([v.alias(f"__sp_{k}") for k, v in new.items()])
    for fld in new:
        run.m.columns[fld] = f"__sp_{fld}"
    run.rules["charges_spread_over_period"] = n
    run.warnings.append(f"{n} charge{'s' if n != 1 else ''} cover{'s' if n == 1 else ''} more than one month (e.g. yearly "
                        "billing): the cost (and price) was divided by the months of the charge's period and spread over them")


def merge(run: Any) -> None:
    """Merge the charges that share client, product and month (``run`` is shaping's working state); charges that
    cover several months are spread over them first (``spread``)."""
    spread(run)
    if not all(run.has(f) for f in ("client_name", "product", "seats_purchased", "total_cost")):
        return
    month_field = next((f for f in ("month", "start_date") if run.has(f)), None)
    if month_field is None:
        return
    df = run.df
    seats = values.integer(series(df, run.col("seats_purchased")))
    total = values.money(series(df, run.col("total_cost")), False)
    dated = [series(df, run.col(f)) for f in ("month", "start_date", "end_date") if run.has(f)]  # "3/1/2026" alone proves no order
    when = values.date(series(df, run.col(month_field)), _order(*dated))
    from moat.ingest import prorations  # h60 F23: last month's proration on this month's invoice is not this month's

    prorations.hold_earlier_month_charges(run, when)
    df = run.df
    held = df[REJECT].is_not_null() if REJECT in df.columns else pl.Series([False] * df.height)
    seats, refunds, fees = _signed_seats(run, seats, total)
    keys = pl.DataFrame({
        ROW: df[ROW],
        "c": [normalize(v or "") for v in values.text(series(df, run.col("client_name"))).to_list()],
        "p": values.text(series(df, run.col("product"))).str.to_lowercase().str.strip_chars(),
        "m": when.dt.strftime("%Y-%m"), "seats": seats, "total": total, "fee": fees,
    })
    readable = keys.filter(~held).filter(pl.col("c").is_not_null() & (pl.col("c") != "") & pl.col("p").is_not_null() & pl.col("m").is_not_null()
                           & pl.col("seats").is_not_null() & pl.col("total").is_not_null())
    groups = readable.group_by("c", "p", "m", maintain_order=True).agg(
        pl.col(ROW).alias("rows"), pl.col("total").sum().alias("total_sum"),
        # a one-time fee beside the line's recurring charges adds its cost, no seat (h41 D14); a line of fees alone
        # keeps its quantity, as before (its cost is the month's: the one-time charge is not lost)
        pl.when((~pl.col("fee")).any()).then(pl.col("seats").filter(~pl.col("fee")).sum())
        .otherwise(pl.col("seats").sum()).alias("seats_sum"))
    groups = _net_out(run, groups)
    groups = groups.filter(pl.col("rows").list.len() > 1)
    if refunds:
        run.rules["refund_charges_remove_seats"] = refunds
    if groups.height == 0:
        return
    df = run.df  # _net_out may have skipped or refused rows
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
        .otherwise(values.text(exact_col(run.col("seats_purchased")))).alias("__mc_seats"),
        pl.when(rows.is_in(list(rep_total))).then(rows.replace_strict(rep_total, default=None, return_dtype=pl.Utf8))
        .otherwise(values.text(exact_col(run.col("total_cost")))).alias("__mc_total"),
    ).filter(~pl.col(ROW).is_in(gone))
    run.m.columns["seats_purchased"] = "__mc_seats"
    run.m.columns["total_cost"] = "__mc_total"
    run.m.columns.pop("unit_cost", None)  # the cost per seat of a merged line is its total / its seats
    run.rules["charges_merged"] = len(gone)


def _signed_seats(run: Any, seats: pl.Series, total: pl.Series) -> tuple[pl.Series, int, pl.Series]:
    """Seats as each charge changes them (h41 D29): a refund/credit (negative total cost) removes its seats even when
    its quantity is written positive. Also which rows are one-time fees or adjustments (``charge_kinds``)."""
    from moat.ingest import charge_kinds

    refund = ((total < 0) & (seats > 0)).fill_null(False)
    fees, _ = charge_kinds.not_seats(run.df, run.header)
    signed = pl.DataFrame({"s": seats, "r": refund}).select(
        pl.when(pl.col("r")).then(-pl.col("s")).otherwise(pl.col("s")).alias("s"))["s"]
    return signed, int((refund & ~fees).sum()), fees


def _net_out(run: Any, groups: pl.DataFrame) -> pl.DataFrame:
    """Lines whose charges leave no seat: cancelled and refunded in full (0 seats, 0.00) are skipped as such; one
    whose charges net to no seats but a cost cannot be a cost per seat and is refused row by row saying so
    (``REJECT``). The other groups go on to be merged."""
    from moat.ingest.billing_cycles import REJECT

    empty = groups.filter(pl.col("seats_sum") <= 0)
    if empty.height == 0:
        return groups
    cancelled: list[int] = []
    refused: dict[int, str] = {}
    for g in empty.iter_rows(named=True):
        if g["total_sum"] == 0 and g["seats_sum"] == 0:
            cancelled += g["rows"]
        else:
            for r in g["rows"]:
                refused[r] = (f"the charges of this client, product and month net to {g['seats_sum']} seats and "
                              f"{g['total_sum']} cost: no cost per seat can be worked out; load the month's whole "
                              "billing (the purchase and its credit together) or correct the rows")
    if cancelled:
        n = run.skip(pl.col(ROW).is_in(cancelled), "cancelled and refunded in full (nets to 0 seats, 0.00)")
        run.rules["charges_cancelled_in_full"] = n
    if refused:
        reason = pl.col(ROW).replace_strict(refused, default=None, return_dtype=pl.Utf8)
        keep = pl.col(REJECT) if REJECT in run.df.columns else pl.lit(None, dtype=pl.Utf8)
        run.df = run.df.with_columns(pl.coalesce(reason, keep).alias(REJECT))
    return groups.filter(pl.col("seats_sum") > 0)
