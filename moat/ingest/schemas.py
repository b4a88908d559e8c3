"""Schema checks per dataset, generated from ``moat.datasets`` so a field is declared once (``rules``): ``failures``
evaluates them as polars expressions in one pass; ``schema`` builds the same checks as a pandera (polars) schema, the
reference ``failures`` is tested against (pandera itself costs 0.6 s of CPU to import, so a load never imports it).

They check what parsing cannot: types, required fields, ranges (hours in (0, 24], seats >= 0, rates and costs
not negative, dates within a sane window). Parsing failures are caught earlier, with the raw text; uniqueness is
checked by the pipeline because it needs "duplicate of row N", which a generic unique check cannot say.
Validation is lazy: every failing cell of every row at once, never the first only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import polars as pl

from moat.datasets import get
from moat.ingest.headings import exact_col
from moat.ingest.values import MONEY_DTYPE

if TYPE_CHECKING:
    import pandera.polars as pa


def _pa() -> Any:
    """pandera costs 0.5-1 s to import (pandas, typing machinery): imported only for ``schema`` (the reference the
    tests compare ``failures`` with), never by a load."""
    import pandera.polars as pa

    return pa


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


@dataclass(frozen=True)
class Rule:
    """One value check, declared once: ``op`` is gt / ge / le / in_range (inclusive), the message is the reason a
    quarantined cell gets. ``checks`` makes pandera checks of it, ``native`` polars expressions."""

    op: str
    low: Any
    high: Any
    error: str


def rules(field: str, type_: str, today: date | None = None) -> list[Rule]:
    found: list[Rule] = []
    if field == "hours":
        found += [Rule("gt", 0, None, "hours must be more than 0"), Rule("le", None, 24, "hours must be at most 24 per entry")]
    elif field == "weekly_capacity_hours":
        found += [Rule("in_range", 0, 168, "weekly capacity must be between 0 and 168 hours")]
    elif field in NOT_NEGATIVE:
        found.append(Rule("ge", 0, None, f"{field} must not be negative"))
    if type_ == "DATE":
        hi = date_max(today)
        found.append(Rule("in_range", DATE_MIN, hi, f"date outside {DATE_MIN.isoformat()}..{hi.isoformat()} (a typo in the year?)"))
    if field.startswith("seats_"):
        found.append(Rule("le", None, 10_000_000, f"{field} is implausibly large"))
    return found


def checks(field: str, type_: str, today: date | None = None) -> list[pa.Check]:
    pa = _pa()
    make = {"gt": lambda r: pa.Check.gt(r.low, error=r.error), "ge": lambda r: pa.Check.ge(r.low, error=r.error),
            "le": lambda r: pa.Check.le(r.high, error=r.error), "in_range": lambda r: pa.Check.in_range(r.low, r.high, error=r.error)}
    return [make[r.op](r) for r in rules(field, type_, today)]


def _holds(rule: Rule, col: pl.Expr) -> pl.Expr:
    return {"gt": lambda: col > rule.low, "ge": lambda: col >= rule.low, "le": lambda: col <= rule.high,
            "in_range": lambda: col.is_between(rule.low, rule.high)}[rule.op]()


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
    """(index, field, reason) of every failing cell; empty when the frame is valid.

    The same checks as the pandera ``schema`` (required fields, ``rules``), evaluated as polars expressions in one
    pass: importing pandera alone costs 0.6 s of CPU, half of what DuckDB needs to read a million-row file, and its
    validation copies the frame per check. Rows are listed field by field in the schema's order, a field's
    emptiness before its value checks, each in row order, as pandera lists them (``tests/ingest`` compares both)."""
    d = get(dataset)
    masks: list[pl.Expr] = []
    reasons: list[tuple[str, str]] = []
    for f in d.fields:
        if f.name not in frame.columns:
            continue
        col = exact_col(f.name)
        if not (not f.required or (dataset == "licenses" and f.name == "month")):
            masks.append(col.is_null())
            reasons.append((f.name, f"{f.name} is required but empty"))
        for rule in rules(f.name, f.type, today):
            masks.append(col.is_not_null() & ~_holds(rule, col))
            reasons.append((f.name, rule.error))
    empty = pl.DataFrame(schema={"index": pl.Int64, "field": pl.Utf8, "reason": pl.Utf8})
    if not masks or frame.height == 0:
        return empty
    try:
        hits = frame.select([m.fill_null(False).alias(f"m{i}") for i, m in enumerate(masks)])
    except pl.exceptions.PolarsError:  # a column of a type its rule cannot compare: that rule finds no cell
        hits = pl.DataFrame([_mask(frame, m).alias(f"m{i}") for i, m in enumerate(masks)])
    parts = [pl.DataFrame({"index": hits[f"m{i}"].arg_true().cast(pl.Int64)}).with_columns(
                 pl.lit(fld, dtype=pl.Utf8).alias("field"), pl.lit(reason, dtype=pl.Utf8).alias("reason"))
             for i, (fld, reason) in enumerate(reasons) if hits[f"m{i}"].any()]
    return pl.concat(parts) if parts else empty


def _mask(frame: pl.DataFrame, mask: pl.Expr) -> pl.Series:
    try:
        return frame.select(mask.fill_null(False)).to_series()
    except pl.exceptions.PolarsError:
        return pl.Series([False] * frame.height, dtype=pl.Boolean)


def failures_pandera(dataset: str, frame: pl.DataFrame, today: date | None = None) -> pl.DataFrame:
    """``failures`` as the pandera schema computes it: the reference the native checks are tested against."""
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
