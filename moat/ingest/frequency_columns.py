"""A column whose header reads like a date field but whose cells say how OFTEN (``Billing Period``: Yearly /
Monthly) is a billing frequency, never a date (h63 F5).

``Billing Period`` is a synonym of a licence line's month (a billing export's period), but distributor price lists
and portals use the same words for the billing frequency. Taken as the month, every row was held "not a date",
sending the user to fix dates that were right. Here such a column is unmapped, so it is read as the frequency (the
billing-cycle rules divide a yearly cost by 12); a file left with no date column is refused naming the column.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.datasets import get
from moat.errors import FileRejected
from moat.ingest import billing_cycles, mapping
from moat.ingest.headings import series


def _frequency_words(rows: pl.DataFrame, col: str) -> list[str] | None:
    """The column's distinct cells when every present one is a billing frequency (Monthly, Yearly, One-time...)."""
    if col not in rows.columns:
        return None
    cells = series(rows, col).cast(pl.Utf8).str.strip_chars().drop_nulls()
    cells = cells.filter(cells != "")
    if cells.len() == 0:
        return None
    known = set(billing_cycles.MONTHS) | set(billing_cycles.ONE_TIME)
    keys = cells.str.to_lowercase().str.replace_all(r"[\s_\-]", "")
    return sorted(set(cells.to_list())) if bool(keys.is_in(list(known)).all()) else None


def unmap_frequency_dates(det: mapping.Detection, table: Any, said: list[str]) -> None:
    """Take a date-field column holding billing frequencies out of ``det`` (it stays in the file for the
    billing-cycle rules); refuse the file when no date column is left for a dataset that needs one."""
    d = get(det.dataset)
    dates = {f.name for f in d.fields if f.type == "DATE"}
    for col, target in list(det.columns.items()):
        if target not in dates:
            continue
        words = _frequency_words(table.rows, col)
        if words is None:
            continue
        del det.columns[col]
        det.unmapped.append(col)
        said.append(f"`{col}` holds billing frequencies ({', '.join(words[:4])}), not dates: read as how often a line "
                    f"is billed, not as its {target}")
        left = {t for t in det.columns.values() if t in dates}
        needed = [f for f in d.required if f in dates] or (["month"] if det.dataset == "licenses" else [])
        if needed and not left:
            raise FileRejected(
                table.file_name, f"`{col}` holds billing frequencies ({', '.join(words[:4])}), not dates, and the file has "
                f"no other date column for {' or '.join(needed)}",
                f"add the month each line is billed for (a `Month` or `Start Date` column), or map a date column: moat "
                f"ingest {table.file_name} --dataset {det.dataset} --mapping map.yaml")
