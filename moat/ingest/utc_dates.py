"""Entries dated from UTC timestamps (h41 D18).

The ConnectWise REST API (and other PSA APIs) write `timeStart` in UTC (`2026-04-01T01:30:00Z`). An entry is dated
by the day of that timestamp, which for a US MSP's evening work (after 7-8 pm Eastern, 4-5 pm Pacific) is the next
day, and on the last day of a month the next month. MoatMetrics has no time-zone setting, so the load says so: how
many entries carry a UTC timestamp in the hours that are still the previous day in the Americas, and how many of
those land on the first of a month (their hours count in the month after the one the work was done in)."""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.ingest.headings import exact_col
from moat.ingest.table import ROW, Table

_UTC = r"^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]00:?00|UTC)\s*$"
_EARLY_UTC = 8  # 00:00-07:59 UTC is still the previous day from UTC-8 (Pacific) to UTC-4 (Eastern, summer)


def warn(prepared: Any, original: Table) -> None:
    if prepared.dataset != "time_entries":
        return
    read = prepared.recognised.columns if prepared.recognised and prepared.recognised.columns else prepared.columns
    header = next((h for h, f in read.items() if f == "date" and h in original.rows.columns), None)
    if header is None:
        return
    parts = original.rows.select(pl.col(ROW), exact_col(header).cast(pl.Utf8).str.extract_groups(_UTC).alias("p"))
    parts = parts.unnest("p").drop_nulls("1")
    if parts.height == 0:
        return
    early = parts.filter(pl.col("4").cast(pl.Int32) < _EARLY_UTC)
    first = early.filter(pl.col("3") == "01")
    said = (f"`{header}` holds UTC timestamps ({parts.height} entries): each entry is dated by its UTC day, and "
            "MoatMetrics has no time-zone setting")
    if early.height:
        row = int(early[ROW][0])
        said += (f"; {early.height} of them fall between 00:00 and 08:00 UTC (e.g. row {row}), which is still the "
                 "previous day in the Americas")
        if first.height:
            said += (f", {first.height} on the first of a month (row {int(first[ROW][0])}): their hours count in the "
                     "month after the one the work was done in")
    prepared.warnings.append(said + "; if that matters, export the entries with local times (the PSA's report "
                             "grid) and load that file instead")
