"""Dates written in Microsoft's JSON form, `/Date(1790812800000+0000)/` (h101, h98 L4).

Xero's Accounting API writes every date so ("Accounting API now sends dates in MS WCF Json format e.g.
/Date(1518685950940+0000)/", XeroAPI/Xero-NetStandard release 3.2.2; developer.xero.com requests-and-responses#JSON),
and a pull flattened to CSV keeps the text. The number is milliseconds since 1970-01-01 UTC, the instant itself;
the `+hhmm` after it is the zone it was shown in, not a shift (moment.js: `/Date(1198908717056-0700)/` is
2007-12-28T23:11:57.056-07:00, i.e. 06:11:57 UTC on the 29th). Xero's `Date` / `DueDate` are calendar dates sent as
midnight UTC, so a whole day of milliseconds is that UTC day (never moved by the `timezone` setting: 2026-10-01 is
the 1st wherever the MSP is); any other instant becomes an ISO timestamp in UTC (`...Z`), which ``utc_dates``
then dates by the MSP's day like any other zoned timestamp. A column is rewritten only when every filled cell is
in this form; the report says which.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl

from moat.ingest.headings import series
from moat.ingest.table import Table

_MS_DATE = r"^\s*\\?/Date\((-?\d{1,15})([+-]\d{4})?\)\\?/\s*$"
_DAY_MS = 86_400_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _iso(ms: int) -> str:
    when = _EPOCH + timedelta(milliseconds=ms)
    if ms % _DAY_MS == 0:
        return when.date().isoformat()
    return when.strftime("%Y-%m-%dT%H:%M:%S") + (f".{when.microsecond // 1000:03d}" if when.microsecond else "") + "Z"


def read(table: Table) -> None:
    """Rewrite each column of `/Date(ms±hhmm)/` cells as ISO dates (whole UTC days) or UTC timestamps."""
    if table.rows.height == 0:
        return
    for col in [c for c in table.rows.columns if not c.startswith("__")]:
        cells = series(table.rows, col)
        if cells.dtype != pl.Utf8:
            continue
        filled = cells.drop_nulls().str.strip_chars()
        filled = filled.filter(filled != "")
        if filled.len() == 0 or not filled.head(20).str.contains(_MS_DATE).all() or not filled.str.contains(_MS_DATE).all():
            continue
        seen = cells.drop_nulls().unique().to_list()
        new = {v: _iso(int(str(pl.Series([v]).str.extract(_MS_DATE, 1)[0]))) for v in seen if v.strip()}
        table.rows = table.rows.with_columns(cells.replace(new).alias(col))
        table.zoned.append(f"`{col}` holds dates in Microsoft's JSON form (`/Date(milliseconds)/`, as Xero's API writes "
                           f"them): read as milliseconds since 1970 UTC ({filled.len()} cells)")
