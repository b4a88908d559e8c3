"""pandera (polars backend) schemas per dataset, generated from ``moat.datasets`` so a field is declared once.

They check what parsing cannot: types, required fields, ranges (hours in (0, 24], seats >= 0, rates and costs
not negative, dates within a sane window). Parsing failures are caught earlier, with the raw text; uniqueness is
checked by the pipeline because it needs "duplicate of row N", which a generic unique check cannot say.
Validation is lazy: every failing cell of every row at once, never the first only.
"""

from __future__ import annotations

import functools
import threading
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import polars as pl

from moat.datasets import get
from moat.ingest.values import MONEY_DTYPE

if TYPE_CHECKING:
    import pandera.polars as pa


def _pa() -> Any:
    """pandera costs 0.5-1 s to import (pandas, typing machinery): only pay it when a file is validated."""
    import pandera.polars as pa

    return pa


@functools.cache
def prefetch() -> None:
    """Import pandera in the background while a file is read and parsed (native work that mostly releases the
    GIL), so validation does not wait for it afterwards; once per process. Python's import lock makes ``_pa``
    wait for this import rather than start a second one; a failed import shows up there, where it is reported."""
    threading.Thread(target=_quiet_import, name="moat-pandera-import", daemon=True).start()


def _quiet_import() -> None:
    try:
        _pa()
    except Exception:  # reported by the validation's own import
        pass


DATE_MIN = date(1990, 1, 1)
DTYPES = {
    "VARCHAR": pl.Utf8, "DATE": pl.Date, "MONEY": MONEY_DTYPE, "HOURS": MONEY_DTYPE, "INTEGER": pl.Int64,
    "BOOLEAN": pl.Boolean, "NUMBER": pl.Float64,
}
NOT_NEGATIVE = {"monthly_fee", "hourly_cost", "cost_rate", "bill_rate", "unit_cost", "unit_price", "seats_purchased",
                "seats_assigned", "seats_active"}


def date_max(today: date | None = None) -> date:
    """Latest sane date: five years ahead covers multi-year licence terms; a year like 2206 is a typo."""
    return (today or date.today()) + timedelta(days=5 * 366)


def checks(field: str, type_: str, today: date | None = None) -> list[pa.Check]:
    pa = _pa()
    found: list[pa.Check] = []
    if field == "hours":
        found += [pa.Check.gt(0, error="hours must be more than 0"), pa.Check.le(24, error="hours must be at most 24 per entry")]
    elif field == "weekly_capacity_hours":
        found += [pa.Check.in_range(0, 168, error="weekly capacity must be between 0 and 168 hours")]
    elif field in NOT_NEGATIVE:
        found.append(pa.Check.ge(0, error=f"{field} must not be negative"))
    if type_ == "DATE":
        hi = date_max(today)
        found.append(pa.Check.in_range(DATE_MIN, hi, error=f"date outside {DATE_MIN.isoformat()}..{hi.isoformat()} (a typo in the year?)"))
    if field.startswith("seats_"):
        found.append(pa.Check.le(10_000_000, error=f"{field} is implausibly large"))
    return found


def schema(dataset: str, columns: list[str], today: date | None = None) -> pa.DataFrameSchema:
    """Schema over the canonical columns present in the typed frame."""
    pa = _pa()
    d = get(dataset)
    cols = {}
    for f in d.fields:
        if f.name not in columns:
            continue
        nullable = not f.required or (dataset == "licenses" and f.name == "month")
        cols[f.name] = pa.Column(DTYPES[f.type], checks(f.name, f.type, today), nullable=nullable, coerce=False)
    return pa.DataFrameSchema(cols, strict=False)


def failures(dataset: str, frame: pl.DataFrame, today: date | None = None) -> pl.DataFrame:
    """(index, field, reason) of every failing cell; empty when the frame is valid."""
    pa = _pa()
    try:
        schema(dataset, frame.columns, today).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        fc = err.failure_cases
        reason = (
            pl.when(pl.col("check") == "not_nullable").then(pl.format("{} is required but empty", pl.col("column")))
            .when(pl.col("check").str.starts_with("dtype")).then(pl.format("{} has the wrong type", pl.col("column")))
            .otherwise(pl.col("check"))
        )
        return fc.filter(pl.col("index").is_not_null()).select(
            pl.col("index").cast(pl.Int64), pl.col("column").alias("field"), reason.alias("reason")
        )
    return pl.DataFrame(schema={"index": pl.Int64, "field": pl.Utf8, "reason": pl.Utf8})
