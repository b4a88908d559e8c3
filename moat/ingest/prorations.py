"""A prorated charge for an earlier month billed on this month's invoice (h60 F23).

Distributors that bill in advance invoice a mid-month seat addition in arrears: April's invoice carries April's line
(12 seats) and "... (Prorated 03/16/2026 - 03/31/2026)" for the 2 seats added in March. Merged into April's line
(``charges.merge``) it made 14 April seats, 2 of them phantom, and its cost moved to April. A charge whose own period
(dates in its description, or its start/end columns) ends before the month of the line it is billed with is held in
the quarantine saying which month it belongs to: its seats are that month's line's seats (already counted there)."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from moat.ingest import values
from moat.ingest.readers import ROW

# "Prorated 03/16/2026 - 03/31/2026", "(03/16/2026 to 03/31/2026)", "2026-03-16 - 2026-03-31"
_D = r"(\d{1,2}[/.]\d{1,2}[/.]\d{4}|\d{4}-\d{2}-\d{2})"
_PERIOD = rf"{_D}\s*(?:-|–|to|bis|au)\s*{_D}"


def _periods(df: pl.DataFrame, header: list[str]) -> tuple[pl.Series, pl.Series] | None:
    """Start and end of the period written in a text cell of each row (None where none is written)."""
    cells = [c for c in header if c in df.columns and df.schema[c] == pl.Utf8]
    if not cells:
        return None
    # Series, not pl.col: a file's heading (`*`, `^a$`) is no column pattern
    found = [df.get_column(c).alias(f"__p{i}") for i, c in enumerate(cells)]  # a plain name: Series methods select by it
    text = pl.select(pl.coalesce([pl.when(v.str.contains(_PERIOD)).then(v) for v in found]).alias("t"))["t"]
    if text.null_count() == text.len():
        return None
    parts = text.str.extract_groups(_PERIOD).struct.unnest()
    raw_a, raw_b = parts[parts.columns[0]], parts[parts.columns[1]]
    d, m, _ = values.date_order_evidence(pl.concat([raw_a, raw_b]))
    order = "dmy" if d and not m else "mdy" if m and not d else "mdy"  # a distributor's US dates unless proven
    return values.date(raw_a, order), values.date(raw_b, order)


def hold_earlier_month_charges(run: Any, when: pl.Series) -> None:
    """Mark (``REJECT``) the rows whose own period ends before the first day of the month they are billed with."""
    from moat.ingest.billing_cycles import REJECT

    found = _periods(run.df, run.header)
    if found is None:
        return
    start, end = found
    line_month = when.dt.truncate("1mo")
    early = (end < line_month).fill_null(False)
    if not early.any():
        return
    reasons: dict[int, str] = {}
    for r, s, e, m in pl.DataFrame({"r": run.df[ROW], "s": start, "e": end, "m": line_month, "x": early}).filter(
            pl.col("x")).select("r", "s", "e", "m").iter_rows():
        reasons[int(r)] = _reason(s, e, m)
    reason = pl.col(ROW).replace_strict(reasons, default=None, return_dtype=pl.Utf8)
    keep = pl.col(REJECT) if REJECT in run.df.columns else pl.lit(None, dtype=pl.Utf8)
    run.df = run.df.with_columns(pl.coalesce(keep, reason).alias(REJECT))
    run.rules["prorations_of_an_earlier_month_held"] = len(reasons)


def _reason(start: date, end: date, month: date) -> str:
    return (f"a prorated charge for {start}..{end} billed with the {month:%Y-%m} line: it is {start:%Y-%m}'s cost for "
            f"seats {start:%Y-%m}'s line already counts, and merged into {month:%Y-%m} it would add seats that month "
            f"does not have; nothing of it was loaded: add its cost to the {start:%Y-%m} line (that month's billing "
            "file) if it matters, or leave it out")
