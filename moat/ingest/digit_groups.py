"""Indian (lakh / crore) digit grouping: `1,25,000.00` is 125,000.00 (h74 D6).

Excel and Tally in an en-IN locale group the digits above the thousands in twos (1,25,000.00; 12,34,567.00). Such a
cell is no number in the western grouping, so it was quarantined as "not an amount" while the amounts under a lakh
(18,500.00, written alike in both) loaded: revenue short by the large invoices. ``values`` reads a lakh-grouped cell
where the western grouping does not fit; here a money column that writes both groupings (`1,25,000.00` beside
`1,234,567.00`) is refused naming them — a file has one locale, so one of the two readings is a typing error — and a
column read with the Indian grouping is said in a warning.
"""

from __future__ import annotations

import polars as pl

from moat.errors import FileRejected
from moat.ingest.values import INDIAN_NUMBER as INDIAN  # 1,25,000.00: groups of two above the thousands

_WESTERN_ONLY = r"^[0-9]{1,3}(?:,[0-9]{3}){2,}(?:\.[0-9]+)?$"  # 1,234,567.00: groups of three above the thousands


def _cells(series: pl.Series) -> pl.Series:
    return series.cast(pl.Utf8).drop_nulls().unique().str.replace_all(r"[\s\u00a0\u202f$€£₹%A-Za-z()+-]", "")


def check(money: dict[str, pl.Series], file_name: str, warnings: list[str]) -> None:
    """Refuse a money column that mixes the Indian and the western grouping; say where the Indian one was read."""
    for heading, cells in money.items():
        seen = _cells(cells)
        indian = seen.filter(seen.str.contains(INDIAN)).sort()
        if indian.len() == 0:
            continue
        western = seen.filter(seen.str.contains(_WESTERN_ONLY)).sort()
        if western.len():
            raise FileRejected(
                file_name, f"column {heading!r} writes amounts in two digit groupings: {indian[0]} (Indian: lakhs, "
                f"groups of two) and {western[0]} (western: groups of three), so one of them is mistyped; nothing was loaded",
                "write every amount of the column one way (or without grouping: 125000.00) and load it again")
        warnings.append(f"{heading!r} writes amounts with the Indian digit grouping ({indian[0]} is "
                        f"{indian[0].replace(',', '')}); numbers were read that way")
