"""Total rows that the label rules in ``phases.skip_flags`` do not catch: ``Total amount``, ``TOTAL INVOICED``,
``Total (USD)``, or a row with no label at all whose amount is the sum of the rows above it. Quarantined, they
would ask the user to fix a row that is no data; loaded (a client called ``Total amount`` with a date), they would
double the revenue. Skipped with a warning naming each row, never loaded as a client.

A row is a total when
- it names no client and a cell of it begins with the word total (``Total amount``, ``Grand total (USD)``), on a
  sparse row (a real document fills its columns), or
- its amount (hours in a time file) equals the sum of the rows above it since the previous total (two rows at
  least) and it has no date, no client where the dataset requires one, or a client cell that begins with the word
  total: a cost row without a client (overhead) keeps its date, so it is never taken for a total by this rule.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.ingest import values
from moat.ingest.headings import exact_col, series
from moat.ingest.table import ROW

_TOTAL_WORD = r"(?i)^\s*(?:grand\s+|sub\s*-?)?totals?\b"


def mark(flagged: pl.DataFrame, header: list[str], read: dict[str, str], client_required: bool,
         warnings: list[str]) -> pl.DataFrame:
    """``flagged`` (``skip_flags``' columns and ``__layout``) with more rows marked ``__total``; ``read`` maps a field to
    the heading it is read from; ``client_required``: a row without a client is no data of this dataset (a cost
    without one is overhead). Each new total gets a warning with its row number, label and amount."""
    cols = [c for c in header if c in flagged.columns]
    if flagged.height < 3 or not cols:
        return flagged
    amount = read.get("amount") or read.get("hours")
    client, when = read.get("client_name"), read.get("date")
    done = pl.col("__total") | pl.col("__blank") | pl.col("__footer") | pl.col("__layout").is_not_null()
    no_client = values.present(exact_col(client)).not_().fill_null(True) if client in flagged.columns else pl.lit(True)
    no_date = values.present(exact_col(when)).not_().fill_null(True) if when in flagged.columns else pl.lit(False)
    worded = pl.any_horizontal([exact_col(c).cast(pl.Utf8).str.contains(_TOTAL_WORD).fill_null(False) for c in cols])
    sparse = pl.col("__filled") <= max(2, len(cols) // 2)
    rule_text = ~done & no_client & sparse & worded
    marks = flagged.select(rule_text.alias("t"), pl.lit(False).alias("s"), ROW, done.alias("done"))
    if amount in flagged.columns:
        money = values.money(series(flagged, amount)).cast(pl.Float64)
        client_worded = (exact_col(client).cast(pl.Utf8).str.contains(_TOTAL_WORD).fill_null(False)
                         if client in flagged.columns else pl.lit(False))
        # h69 D28: a row with its own date and its own number (`T-3`, Total Care Dental, 2026-03-04, 300.00) is an
        # invoice of a client whose name begins with "Total", whatever its amount happens to equal
        ident = next((read[f] for f in ("invoice_number", "entry_id", "cost_id") if read.get(f) in flagged.columns), None)
        own_id = values.present(exact_col(ident)).fill_null(False) if ident is not None else pl.lit(True)
        client_worded = client_worded & (no_date | ~own_id)
        frame = flagged.select(ROW, done.alias("done"), (no_date | (no_client & pl.lit(client_required)) | client_worded).alias("cand"),
                               pl.col("__total").cum_sum().alias("seg")).with_columns(money.alias("m"))
        counted = (~pl.col("done") & pl.col("m").is_not_null())
        frame = frame.with_columns(
            (pl.when(counted).then(pl.col("m")).otherwise(0.0).cum_sum().over("seg")
             - pl.when(counted).then(pl.col("m")).otherwise(0.0)).alias("before"),
            (counted.cast(pl.Int32).cum_sum().over("seg") - counted.cast(pl.Int32)).alias("n_before"))
        summed = frame.select((pl.col("cand") & ~pl.col("done") & pl.col("m").is_not_null() & (pl.col("n_before") >= 2)
                               & ((pl.col("m") - pl.col("before")).abs() < 0.005)).alias("s"))["s"]
        marks = marks.with_columns(summed.alias("s"))
    new = marks.select((pl.col("t") | pl.col("s")).alias("x"))["x"]
    if not new.any():
        return flagged
    shown = flagged.filter(new).select(ROW, pl.coalesce([exact_col(c).cast(pl.Utf8) for c in cols]).alias("label"),
                                       (exact_col(amount).cast(pl.Utf8) if amount in flagged.columns else pl.lit(None, dtype=pl.Utf8)).alias("amount"))
    by_sum = dict(zip(marks[ROW].to_list(), marks["s"].to_list(), strict=True))
    for r in shown.iter_rows(named=True):
        why = "is the sum of the rows above it" if by_sum.get(r[ROW]) else "says total and names no client"
        warnings.append(f"row {r[ROW]} (`{_short(r['label'])}`{', ' + _short(r['amount']) if r['amount'] else ''}) {why}: "
                        "skipped as a total, not loaded")
    return flagged.with_columns((pl.col("__total") | new).alias("__total"))


def _short(v: Any) -> str:
    text = str(v or "").strip()
    return text if len(text) <= 40 else text[:37] + "..."
