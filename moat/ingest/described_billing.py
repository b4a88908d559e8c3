"""A licence charge whose description states how often it is billed ("... - Annual Commitment / Annual Billing -
NCE") is that many months' cost at once, like a charge whose period columns span a year (h63 F6).

Pax8's billing export has no period end and no billing-frequency column: the product description carries the
Microsoft NCE term and billing frequency, and the description clean-up cuts that suffix from the product name.
Read before the clean-up, the billing frequency (never the commitment term: "Annual Commitment / Monthly Billing"
is billed monthly) gives the charge's period end, so ``charges.spread`` divides its cost and price by the months and
runs the line over them, instead of booking a year's cost per seat in one month (12x in that month, 0 in the others).
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from moat.ingest import values
from moat.ingest.headings import series

# billing frequency words in a description -> months one charge covers. "Annual Commitment" alone is the term, not
# the frequency, so only wording about billing or payment counts.
_FREQ = r"(annual|annually|yearly|triennial|3[ -]?years?|quarterly|semi[ -]?annual|monthly)"
_PATTERNS = (
    re.compile(rf"\b{_FREQ}\s+(?:billing|billed|payment|paid|pre-?paid|up-?front)\b", re.I),
    re.compile(rf"\b(?:billing|billed|paid|payment|pre-?paid)\s*(?::|-)?\s*{_FREQ}\b", re.I),
)
_MONTHS = {"annual": 12, "annually": 12, "yearly": 12, "triennial": 36, "3 years": 36, "3 year": 36, "3years": 36,
           "3year": 36, "3-years": 36, "3-year": 36, "quarterly": 3, "semi annual": 6, "semi-annual": 6, "semiannual": 6,
           "monthly": 1}


def months_billed(description: str | None) -> int | None:
    """Months one charge covers by the billing frequency its description states; None when it states none."""
    if not description:
        return None
    for pattern in _PATTERNS:
        hit = pattern.search(description)
        if hit:
            return _MONTHS.get(hit.group(1).lower())
    return None


def period_from_description(run: Any) -> None:
    """Give each charge whose description states a billing frequency of several months the end of its period (start
    + months - 1 day) where the file gives none, so ``charges.spread`` spreads it (``run`` is shaping's state)."""
    if not run.has("product"):
        return
    start_field = "month" if run.has("month") else "start_date" if run.has("start_date") else None
    if start_field is None:
        return
    df = run.df
    months = pl.Series([months_billed(v) for v in values.text(series(df, run.col("product"))).to_list()], dtype=pl.Int64)
    many = (months > 1).fill_null(False)
    if not bool(many.any()):
        return
    start = values.date(series(df, run.col(start_field)), None)
    if start.null_count() == start.len():
        return
    end = start.dt.offset_by(pl.Series([f"{m or 1}mo" for m in months.to_list()])).dt.offset_by("-1d").dt.strftime("%Y-%m-%d")
    given = values.text(series(df, run.col("end_date"))) if run.has("end_date") else pl.Series([None] * df.height, dtype=pl.Utf8)
    new_end = pl.DataFrame({"m": many, "g": given, "e": end}).select(
        pl.when(pl.col("g").is_not_null() & (pl.col("g") != "")).then(pl.col("g"))
        .when(pl.col("m")).then(pl.col("e")).otherwise(None).alias("e"))["e"]
    n = int((many & (given.is_null() | (given == "")).fill_null(True)).sum())
    if not n:
        return
    run.df = df.with_columns(new_end.alias("__db_end"))
    run.m.columns["end_date"] = "__db_end"
    run.rules["billing_frequency_from_description"] = n
    run.warnings.append(f"{n} charge{'s' if n != 1 else ''} say{'s' if n == 1 else ''} in the description that it is billed "
                        "for several months at once (e.g. `Annual Billing`): its period was taken from that")
