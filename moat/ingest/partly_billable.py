"""An entry whose billable hours are fewer than its hours worked is two entries: the billed part and the rest.

Autotask's UI export (Hours Worked / Billable Hours, REST hoursWorked / hoursToBill), ConnectWise's v_rpt_Time
(hours_actual / Billable_Hrs) and Kaseya BMS time logs carry both numbers. The data model has one billable flag per
entry, so reading "billable hours > 0" as "the whole entry is billable" overstated billable utilisation (h41 D2:
+14% on the reviewer's file). Such a row is split into a billable entry of the billable hours and a non-billable
entry of the remainder (worked hours stay the same); the report counts the rows split and says so."""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.ingest import values
from moat.ingest.headings import exact_col, series
from moat.ingest.table import ROW

SPLIT = "__split_part"  # "billed" / "rest" on the rows of a split entry, null elsewhere


def split(run: Any) -> None:
    if run.source.dataset != "time_entries" or not run.has("billable_hours") or not run.has("hours"):
        return
    hours_col, billed_col = run.col("hours"), run.col("billable_hours")
    if hours_col is None or billed_col is None or hours_col.startswith("__"):
        return  # hours computed from minutes: the billed hours are in another unit
    worked = values.hours(series(run.df, hours_col))
    billed = values.hours(series(run.df, billed_col))
    partial = (billed > 0) & (worked > billed) & (worked > 0)
    partial = partial.fill_null(False)
    if not partial.any():
        return
    df = run.df.with_columns(worked.cast(pl.Float64).alias("__pb_w"), billed.cast(pl.Float64).alias("__pb_b"),
                             partial.alias("__pb"))
    flag = run.col("billable") if run.has("billable") else None
    base = df.with_columns(pl.lit(None, dtype=pl.Utf8).alias(SPLIT))
    billed_rows = df.filter(pl.col("__pb")).with_columns(pl.lit("billed").alias(SPLIT))
    rest_rows = df.filter(pl.col("__pb")).with_columns(pl.lit("rest").alias(SPLIT))
    whole = base.filter(~pl.col("__pb"))
    out = pl.concat([whole, billed_rows, rest_rows], how="vertical").sort([ROW, SPLIT], nulls_last=False)
    part = pl.col(SPLIT)
    hours_text = (pl.when(part == "billed").then(pl.col("__pb_b").round(4).cast(pl.Utf8))
                  .when(part == "rest").then((pl.col("__pb_w") - pl.col("__pb_b")).round(4).cast(pl.Utf8))
                  .otherwise(values.text(exact_col(hours_col))))
    billable_text = (pl.when(part == "billed").then(pl.lit("true")).when(part == "rest").then(pl.lit("false"))
                     .otherwise(values.text(exact_col(flag)) if flag else pl.lit(None, dtype=pl.Utf8)))
    # written in the cell's own decimal convention ("1,5" in a decimal-comma file), so the file reads as one
    comma = values.text(exact_col(hours_col)).str.contains(",", literal=True) & \
        ~values.text(exact_col(hours_col)).str.contains(".", literal=True)
    hours_text = pl.when(part.is_not_null() & comma.fill_null(False)).then(
        hours_text.str.replace(".", ",", literal=True)).otherwise(hours_text)
    out = out.with_columns(hours_text.alias("__pb_hours"), billable_text.alias("__pb_billable"))
    if run.has("entry_id"):
        ident = run.col("entry_id")
        out = out.with_columns(pl.when(part == "rest").then(pl.concat_str([values.text(exact_col(ident)), pl.lit("/non-billable")]))
                               .otherwise(exact_col(ident)).alias(ident))
    run.df = out.drop("__pb_w", "__pb_b", "__pb")
    run.m.columns["hours"] = "__pb_hours"
    if flag is not None:
        run.m.columns["billable"] = "__pb_billable"
    elif run.has("non_billable"):  # Autotask's isNonBillable decides billable: the rest part is non-billable
        nb = run.col("non_billable")
        run.df = run.df.with_columns(pl.when(part == "rest").then(pl.lit("true")).otherwise(exact_col(nb)).alias(nb))
    else:
        # the source's billable rule reads billable_hours > 0: the rest part must read 0
        run.df = run.df.with_columns(pl.when(part == "rest").then(pl.lit("0")).otherwise(exact_col(billed_col)).alias(billed_col))
    n = int(partial.sum())
    rows = ", ".join(str(r) for r in run.df.filter(part == "billed")[ROW].to_list()[:10]) + (", ..." if n > 10 else "")
    run.count("partly_billable_split", n)
    run.warnings.append(f"{n} entr{'y' if n == 1 else 'ies'} with fewer billable hours than hours worked (row(s) {rows}) "
                        f"loaded as two entries each: the billable hours as billable, the rest as not billable")


def file_rows(rows: pl.DataFrame, quarantine: pl.DataFrame, loaded: int, quarantined: int) -> tuple[int, int]:
    """Loaded and quarantined counts in file rows (rows_read = loaded + quarantined + skipped holds): a split entry
    is one file row, counted where its billed part went (both parts loaded or held: once)."""
    extra_loaded = rows.height - rows["source_row"].n_unique() if "source_row" in rows.columns else 0
    held = quarantine["row_number"] if "row_number" in quarantine.columns else pl.Series([], dtype=pl.Int64)
    extra_held = held.len() - held.n_unique()
    if "source_row" in rows.columns:  # one part loaded, the other held: the file row counts as loaded
        extra_held += int(held.unique().is_in(rows["source_row"].unique().implode()).sum())
    return loaded - extra_loaded, quarantined - extra_held
