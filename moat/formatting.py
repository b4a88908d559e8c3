"""Display and export formatting: money rounded half-up to cents only here, never before summing."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import polars as pl

MONEY_COLUMNS = {
    "revenue", "labour_cost", "license_cost", "other_cost", "gross_profit", "ehr", "license_waste", "overhead",
    "amount", "monthly_fee", "hourly_cost", "unit_cost", "unit_price", "cost_rate", "bill_rate", "monthly_effect",
    "contribution_money", "target_fee",
}
PERCENT_COLUMNS = {"gross_margin", "license_utilization", "license_activity", "billable_utilization", "total_utilization", "confidence"}
CENT = Decimal("0.01")


def money(value: Any) -> Decimal | None:
    """Round half-up to cents (display/export only)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def count_text(n: int, noun: str) -> str:
    """"1 row", "50,000 rows": counts a user reads, grouped by thousands, the noun agreeing."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def money_text(value: Any, currency: str = "$") -> str:
    amount = money(value)
    if amount is None:
        return "n/a"
    sign = "-" if amount < 0 else ""
    return f"{sign}{currency}{abs(amount):,.2f}"


def percent_text(value: Any, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{float(value) * 100:.{digits}f}%"


def records(df: pl.DataFrame, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """Rows as dicts for export: money columns as cent Decimals, other decimals exact, ratios as floats."""
    out = []
    cols = columns or df.columns
    for row in df.select(cols).iter_rows(named=True):
        rec = {}
        for key, value in row.items():
            if key in MONEY_COLUMNS and value is not None:
                rec[key] = money(value)
            elif isinstance(value, float) and math.isnan(value):
                rec[key] = None
            else:
                rec[key] = value
        out.append(rec)
    return out


class _Number(float):
    """A float subclass whose repr is the exact decimal text, so json writes 1234.50 rather than 1234.5000000001."""

    def __new__(cls, text: str) -> _Number:
        obj = super().__new__(cls, float(text))
        obj._text = text
        return obj

    def __repr__(self) -> str:
        return self._text


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _Number(format(value, "f")) if value.is_finite() else None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def dumps(value: Any, indent: int | None = None) -> str:
    """JSON with Decimals written as exact numbers (json's C encoder would print floats its own way)."""
    encoder = json.JSONEncoder(indent=indent, ensure_ascii=False)
    iterencode = json.encoder._make_iterencode(  # type: ignore[attr-defined]
        {}, encoder.default, json.encoder.py_encode_basestring, " " * indent if indent else None,
        lambda f: repr(f) if isinstance(f, _Number) else float.__repr__(f),
        ": ", ", " if indent is None else ",", False, False, True,
    )
    return "".join(iterencode(_jsonable(value), 0))
