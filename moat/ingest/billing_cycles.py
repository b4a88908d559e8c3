"""A fee billed per billing cycle becomes a fee per month (``Source.per_cycle``).

ConnectWise agreements carry ``billAmount`` per ``billingCycle`` (Monthly, Quarterly, Annual, ...); the clients
dataset's ``monthly_fee`` is per month. Taking a quarterly or annual amount as monthly would overstate the fee 3x
or 12x, so the amount is divided by the cycle's months; a cycle this table does not know is quarantined with its
name (never guessed); one-time agreements, rows without a cycle and files without a cycle column have no monthly
fee (left empty, counted in the row rules).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.ingest import values
from moat.ingest.headings import exact_col, series

REJECT = "__reject"

MONTHS = {
    "monthly": 1, "month": 1, "bimonthly": 2, "everytwomonths": 2, "quarterly": 3, "quarter": 3,
    "semiannual": 6, "semiannually": 6, "biannual": 6, "halfyearly": 6, "everysixmonths": 6,
    "annual": 12, "annually": 12, "yearly": 12, "year": 12, "biennial": 24, "everytwoyears": 24,
}
ONE_TIME = {"onetime", "once", "onetimeonly"}


def _key(expr: pl.Expr) -> pl.Expr:
    return values.text(expr).str.to_lowercase().str.replace_all(r"[\s_\-]", "")


def per_month(run: Any) -> None:
    """``amount`` per ``cycle`` -> amount per month, in a computed column (``run`` is shaping's working state)."""
    amount_field, cycle_field = run.source.per_cycle
    if not run.has(amount_field):
        return
    amount = values.money(series(run.df, run.col(amount_field)), False)
    if not run.has(cycle_field):  # an amount per an unknown cycle is no monthly fee: left out, never guessed
        header = run.m.columns.pop(amount_field)
        run.rules["fee_without_cycle_not_loaded"] = int(amount.is_not_null().sum())
        run.warnings.append(f"{header} is an amount per billing cycle and the file has no billing "
                            "cycle column: no monthly fee was loaded (export the billing cycle too)")
        return
    cycle = run.df.select(_key(exact_col(run.col(cycle_field))).alias("k"))["k"]
    months = cycle.replace_strict(MONTHS, default=None, return_dtype=pl.Int64)
    monthly = (amount.cast(pl.Float64) / months).round(2)
    one_time = cycle.is_in(list(ONE_TIME)).fill_null(False)
    unknown = months.is_null() & ~one_time & cycle.is_not_null() & amount.is_not_null()
    raw_cycle = values.text(exact_col(run.col(cycle_field)))
    run.df = run.df.with_columns(
        pl.Series("__m_fee", monthly).cast(pl.Utf8),
        pl.when(pl.Series(unknown)).then(pl.format("billing cycle '{}' is not one MoatMetrics knows: the monthly fee "
                                                   "cannot be worked out (map the fee column by hand)", raw_cycle))
        .otherwise(pl.col(REJECT) if REJECT in run.df.columns else pl.lit(None, dtype=pl.Utf8)).alias(REJECT),
    )
    written = run.df.select(values.present(exact_col(run.col(amount_field))).fill_null(False).alias("w"))["w"]
    unreadable = amount.is_null() & written
    run.df = run.df.with_columns(pl.when(pl.Series(unreadable))  # an unreadable amount stays as written: the pipeline quarantines it
                                 .then(exact_col(run.col(amount_field)).cast(pl.Utf8)).otherwise(pl.col("__m_fee")).alias("__m_fee"))
    run.m.columns[amount_field] = "__m_fee"
    divided = int((months.fill_null(1) != 1).sum())
    if divided:
        run.rules["fee_per_cycle_to_monthly"] = divided
    blank = int((cycle.is_null() & amount.is_not_null()).sum())
    if blank:  # a row without a cycle has no monthly fee (left empty), and the report says how many
        run.rules["fee_without_cycle_not_loaded"] = blank
    if int(one_time.sum()):
        run.rules["one_time_fee_not_monthly"] = int(one_time.sum())


# A column that says how often a fee is billed, in a file mapped by header synonyms ("Billing Cycle", "Frequency").
_CYCLE_HEADERS = {"billingcycle", "billingfrequency", "billingperiod", "billinginterval", "billingterm", "cycle",
                  "frequency", "invoicefrequency", "invoicingfrequency", "feefrequency", "interval", "recurrence"}


def _fold(header: str) -> str:
    return "".join(ch for ch in header.casefold() if ch.isalnum())


def cycle_column(unmapped: list[str], rows: pl.DataFrame) -> str | None:
    """The column that says how often a fee or charge is billed: by its heading (``Billing Cycle``), else by its
    cells (h69 D6: Autotask's ``Period Type``, ``Contract Period``: every cell Monthly / Quarterly / Yearly ...).
    A commitment term (``Term``, ``Commitment``: Annual) says how long, not how often, and is never taken."""
    named = next((h for h in unmapped if _fold(h) in _CYCLE_HEADERS), None)
    if named is not None:
        return named
    known = list(MONTHS) + list(ONE_TIME)
    for h in unmapped:
        if h not in rows.columns or any(w in _fold(h) for w in ("term", "commit", "renew", "contractlength", "duration")):
            continue
        keys = rows.select(_key(exact_col(h)).alias("k"))["k"].drop_nulls()
        keys = keys.filter(keys != "")
        if keys.len() and bool(keys.is_in(known).all()):
            return h
    return None


def generic_fee_per_month(table: Any, det: Any, recognised: Any, has_profile: bool) -> Any:
    """A clients file mapped by header synonyms whose fee column (``Fee``, not ``Monthly Fee``) sits beside a billing
    cycle column: the fee is per cycle, so it is divided by the cycle's months as the agreements sources do (Quarterly
    3000 is 1000 a month), instead of being taken as monthly (3x / 12x). A cycle this table does not know, or a fee
    row without a cycle, refuses the file naming the row: the monthly fee cannot be worked out, and is never guessed.
    Returns ``table`` with the fee column rewritten (and a note for the report), or unchanged."""
    from dataclasses import replace

    from moat.errors import FileRejected

    if det.dataset != "clients" or has_profile or (recognised is not None and recognised.source != "generic"):
        return table
    fee = next((h for h, f in det.columns.items() if f == "monthly_fee"), None)
    if fee is None or any(w in _fold(fee) for w in ("month", "mrr")):
        return table  # the header says the fee is monthly
    cycle = cycle_column(det.unmapped, table.rows)
    if cycle is None or fee not in table.rows.columns or cycle not in table.rows.columns:
        return table
    rows = table.rows
    amount = values.money(series(rows, fee), table.delimiter == ";")
    written = rows.select(values.present(exact_col(fee)).fill_null(False).alias("w"))["w"]
    key = rows.select(_key(exact_col(cycle)).alias("k"))["k"]
    months = key.replace_strict(MONTHS, default=None, return_dtype=pl.Int64)
    one_time = key.is_in(list(ONE_TIME)).fill_null(False)
    from moat.ingest.table import ROW

    zero = (amount == 0).fill_null(False)  # 0.00 a cycle is 0.00 a month whatever the cycle (a block-hours contract)
    bad = rows.with_columns(pl.Series("m", months), pl.Series("w", written & ~zero), pl.Series("o", one_time)).filter(
        pl.col("w") & pl.col("m").is_null() & ~pl.col("o"))
    if bad.height:
        first = bad.row(0, named=True)
        said = first[cycle]
        what = f"billing cycle {said!r}, which MoatMetrics does not know" if said not in (None, "") else "no billing cycle"
        raise FileRejected(
            table.file_name,
            f"{fee!r} is an amount per {cycle!r}, and row {first[ROW]} ({bad.height} row(s) in all) has {what}: its "
            f"monthly fee cannot be worked out",
            "write the cycle as Monthly, Quarterly, Semi-annual or Annual (One-time: no monthly fee), or give a column "
            "of monthly fees ('Monthly Fee')")
    monthly = (amount.cast(pl.Float64) / months).round(2)
    monthly = pl.select(pl.when(pl.lit(zero)).then(0.0).otherwise(pl.lit(monthly))).to_series()
    text = pl.DataFrame({"o": one_time, "a": amount, "raw": series(rows, fee).cast(pl.Utf8), "m": monthly}).select(
        pl.when(pl.col("o")).then(None)
        .when(pl.col("a").is_null()).then(pl.col("raw"))  # unreadable: the pipeline quarantines it as written
        .otherwise(pl.col("m").cast(pl.Utf8)).alias(fee)).to_series()
    changed = int(((months.fill_null(1) != 1) | one_time).fill_null(False).sum())
    notes = [*table.notes, f"{fee!r} is per {cycle!r}: divided by the cycle's months to a monthly fee (Quarterly / 3, "
                           f"Annual / 12; One-time: none) on {changed} row(s)"]
    det.unmapped = [h for h in det.unmapped if h != cycle]
    return replace(table, rows=rows.with_columns(text), notes=notes)


_MONTHLY_WORDS = ("month", "mrr", "mo")


def generic_licence_cost_per_month(table: Any, det: Any, recognised: Any, has_profile: bool) -> Any:
    """A licence list mapped by header synonyms with a billing-frequency column (``Billing Frequency``: Monthly /
    Annual, as distributor portals list NCE "annual commitment, monthly billing" vs "annual billing"): an Annual row's
    unit cost (and price, and total) is for a year, so it is divided by the cycle's months to the per-seat-per-month
    cost licence lines hold (h41 D7: 43.20 a year was charged every month, 12x). A line billed in one month (a
    ``Month`` column) becomes a subscription over the cycle's months. A commitment ``Term`` column is not a billing
    frequency and is never read so. An unknown or one-time frequency refuses the file naming the row (never guessed).
    Returns ``table`` rewritten (with a note for the report), or unchanged."""
    from dataclasses import replace

    from moat.errors import FileRejected
    from moat.ingest.table import ROW

    if det.dataset != "licenses" or has_profile or (recognised is not None and recognised.source != "generic"):
        return table
    cycle = cycle_column(det.unmapped, table.rows)
    money = [h for h, f in det.columns.items() if f in ("unit_cost", "unit_price", "total_cost")
             and not any(w in _fold(h).replace("amount", "") for w in ("month", "mrr"))]
    if cycle is None or not money or cycle not in table.rows.columns:
        return table
    rows = table.rows
    key = rows.select(_key(exact_col(cycle)).alias("k"))["k"]
    months = key.replace_strict(MONTHS, default=None, return_dtype=pl.Int64)
    one_time = key.is_in(list(ONE_TIME)).fill_null(False)
    bad = rows.with_columns(pl.Series("m", months), pl.Series("o", one_time)).filter(
        pl.col("m").is_null() & (pl.col("o") | values.present(exact_col(cycle)).fill_null(False)))
    if bad.height:
        first = bad.row(0, named=True)
        raise FileRejected(
            table.file_name,
            f"{money[0]!r} is an amount per {cycle!r}, and row {first[ROW]} ({bad.height} row(s) in all) is billed "
            f"{first[cycle]!r}: no cost per seat per month can be worked out",
            "write the frequency as Monthly, Quarterly or Annual; load one-time charges as costs (--dataset costs)")
    many = (months > 1).fill_null(False)
    n = int(many.sum())
    det.unmapped = [h for h in det.unmapped if h != cycle]
    if not n:
        return replace(table, notes=[*table.notes, f"{cycle!r} says every row is billed monthly: costs taken as per month"])
    comma = table.delimiter == ";"
    new = []
    for h in money:
        amount = values.money(series(rows, h), comma)
        per = (amount.cast(pl.Float64) / months.fill_null(1)).round(4).cast(pl.Utf8)
        new.append(pl.DataFrame({"x": many & amount.is_not_null(), "p": per, "raw": series(rows, h).cast(pl.Utf8)})
                   .select(pl.when(pl.col("x")).then(pl.col("p")).otherwise(pl.col("raw")).alias(h)).to_series())
    rows = rows.with_columns(new)
    month_col = next((h for h, f in det.columns.items() if f == "month"), None)
    has_start = any(f == "start_date" for f in det.columns.values())
    if month_col is not None and not has_start and month_col in rows.columns:
        # a line billed once for the cycle: a subscription from its month over the cycle's months
        start = values.date(series(rows, month_col), None).dt.truncate("1mo")
        end = start.dt.offset_by(pl.Series([f"{m or 1}mo" for m in months.to_list()])).dt.offset_by("-1d")
        rows = rows.with_columns(
            pl.when(pl.Series(many)).then(None).otherwise(exact_col(month_col)).alias(month_col),
            pl.when(pl.Series(many)).then(start.dt.strftime("%Y-%m-%d")).otherwise(None).alias("__cycle_start"),
            pl.when(pl.Series(many)).then(end.dt.strftime("%Y-%m-%d")).otherwise(None).alias("__cycle_end"))
        det.columns["__cycle_start"], det.columns["__cycle_end"] = "start_date", "end_date"
    note = (f"{', '.join(repr(h) for h in money)} per {cycle!r}: {n} row(s) billed for several months (Annual = 12) "
            "divided by the cycle's months to a cost per seat per month")
    return replace(table, rows=rows, notes=[*table.notes, note])
