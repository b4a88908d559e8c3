"""Ids written as floats (`5001.0`): the integer id they are (h69 D17, D18).

A REST pull saved through pandas (``json_normalize(...).to_csv()``) or Power Query writes an integer column that has
an empty cell as float64: every id gets `.0` (`5001.0`, `29682885.0`). Read as text that is another id than
`5001`: a re-load of the same entries added every hour again (exit 0), invoice numbers `100.0` doubled revenue, and
Autotask ids never matched the lookups (every row held "not in the Resources lookup"). A column whose heading names
an id or number (`id`, `resourceID`, `Invoice Number`, `Ticket #`) and whose every filled cell is an integral float
is read as those integers, with a note; money and hours columns are never touched (their headings name no id).
"""

from __future__ import annotations

import re

import polars as pl

from moat.ingest.headings import exact_col
from moat.ingest.table import EXTRA, ROW, UNDECODED, Table

_ID_HEADING = re.compile(r"(?:^|[^a-z])(?:id|number|no|num|nbr|ref)$|#$|(?-i:(?<=[a-z])(?:ID|Id))$", re.I)  # `paid` is no `Id`
_FLOAT_INT = r"^\s*-?[0-9]+\.0+\s*$"


def _id_heading(header: str) -> bool:
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", header).strip()
    return bool(_ID_HEADING.search(spaced) or _ID_HEADING.search(header))


def unfloat(table: Table) -> Table:
    """``table`` with integral-float ids written as integers (see the module doc); unchanged when there are none."""
    rows = table.rows
    fixed: list[str] = []
    for h in table.header:
        if h in (ROW, EXTRA, UNDECODED) or h not in rows.columns or rows.schema[h] != pl.Utf8 or not _id_heading(h):
            continue
        cells = rows[h].drop_nulls()
        cells = cells.filter(cells.str.strip_chars() != "")
        if cells.len() == 0 or not bool(cells.str.contains(_FLOAT_INT).all()):
            continue
        rows = rows.with_columns(exact_col(h).str.replace(r"^\s*(-?[0-9]+)\.0+\s*$", "$1").alias(h))
        fixed.append(h)
    if not fixed:
        return table
    table.rows = rows
    table.notes.append(f"{', '.join(f'`{h}`' for h in fixed)}: ids written as floats (`5001.0`, as a pandas or Power "
                       "Query export writes them) read as the integers they are")
    return table
