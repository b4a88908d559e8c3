"""Entries dated from UTC timestamps (h41 D18).

The ConnectWise REST API (and other PSA APIs) write `timeStart` in UTC (`2026-04-01T01:30:00Z`). An entry is dated
by the day of that timestamp, which for a US MSP's evening work (after 7-8 pm Eastern, 4-5 pm Pacific) is the next
day, and on the last day of a month the next month. With the `timezone` setting left at UTC the load says so: how
many entries carry a UTC timestamp in the hours that are still the previous day in the Americas, and how many of
those land on the first of a month (their hours count in the month after the one the work was done in)."""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.ingest.headings import exact_col, series
from moat.ingest.table import ROW, Table

_UTC = r"^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]00:?00|UTC)\s*$"
_EARLY_UTC = 8  # 00:00-07:59 UTC is still the previous day from UTC-8 (Pacific) to UTC-4 (Eastern, summer)


def warn(prepared: Any, original: Table) -> None:
    prepared.warnings.extend(original.zoned)
    prepared.timezone = original.zone_read  # the same bytes under another `timezone` is another request
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
    said = (f"`{header}` holds UTC timestamps ({parts.height} entries): each entry is dated by its UTC day (the "
            "`timezone` setting is UTC)")
    if early.height:
        row = int(early[ROW][0])
        said += (f"; {early.height} of them fall between 00:00 and 08:00 UTC (e.g. row {row}), which is still the "
                 "previous day in the Americas")
        if first.height:
            said += (f", {first.height} on the first of a month (row {int(first[ROW][0])}): their hours count in the "
                     "month after the one the work was done in")
    prepared.warnings.append(said + "; if that matters, set `timezone` to the MSP's time zone (moat.yaml, e.g. "
                             "timezone: America/New_York), roll this load back and load the file again, or export the entries with local "
                             "times (the PSA's report grid)")


# An ISO timestamp with a zone: `Z`, `UTC`, `+02:00`, `-0400` (fractional seconds allowed).
_ZONED = r"^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|UTC|[+-]\d{2}:?\d{2})\s*$"


def localise(table: Table, zone: str) -> None:
    """Rewrite every column of timestamps written with a zone as the wall-clock time in ``zone`` (the `timezone`
    setting), so that each row is dated by the MSP's own day (h70, h41 D18: ConnectWise's `timeStart` is UTC, and
    evening work on the 31st is the 31st's). An explicit offset gives the instant, converted like `Z`. With the
    default, UTC, nothing changes (and ``warn`` names the entries whose UTC day may not be the MSP's). A column is
    converted only when every filled cell is such a timestamp; the report warns naming each column converted."""
    if table.rows.height == 0:
        return
    from datetime import datetime
    from zoneinfo import ZoneInfo

    zone = zone or "UTC"
    tz = ZoneInfo(zone)
    for col in [c for c in table.rows.columns if not c.startswith("__")]:
        cells = series(table.rows, col)
        if cells.dtype != pl.Utf8:
            continue
        look = cells.drop_nulls().head(200)
        look = look.filter(look.str.strip_chars() != "").head(20)
        if look.len() == 0 or not look.str.contains(_ZONED).all():  # a cheap look first: most columns are not
            continue
        filled = cells.drop_nulls().str.strip_chars()
        filled = filled.filter(filled != "")
        if filled.len() == 0 or not filled.str.contains(_ZONED).all():
            continue
        table.zone_read = zone
        if zone == "UTC":
            continue

        def local(v: str | None) -> str | None:
            if v is None or not v.strip():
                return v
            text = v.strip().replace(" UTC", "Z").replace("UTC", "Z")
            when = datetime.fromisoformat(text).astimezone(tz)
            return when.replace(tzinfo=None).isoformat(timespec="seconds")

        seen = cells.drop_nulls().unique().to_list()  # each distinct stamp converted once, outside polars expressions
        table.rows = table.rows.with_columns(cells.replace({v: local(v) for v in seen}).alias(col))
        table.zoned.append(f"`{col}` holds timestamps with a time zone ({filled.len()} cells): read as times in {zone} "
                           "(the `timezone` setting), so each row is dated by its day there")
