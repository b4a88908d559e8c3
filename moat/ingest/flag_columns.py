"""A yes/no column that holds hours (h69 D21): `Non-billable` 0 / 1 / 0.75 is a number of hours, never a flag.

A timesheet with a two-row header ("Hours" over "Billable" | "Non-billable") fixed by typing the sub-heading reads
`Non-billable` as the non-billable flag: a 1 (one hour not billed) made a 2-hour billable entry non-billable and
0.75 was held as "not a yes/no value". A billable / non-billable column of a time file (mapped or by header
synonyms) whose cells are numbers and not all 0 or 1 is hours: the file is refused naming the column, never read
as a flag row by row.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.errors import FileRejected
from moat.ingest import values
from moat.ingest.headings import series


def refuse_hours_as_flag(table: Any, det: Any, recognised: Any) -> None:
    src = recognised.source if recognised is not None else "generic"
    # a weekly grid's billable column is found by the header synonyms too (h87)
    if det.dataset != "time_entries" or not (src in ("generic", "weekly_grid") or src.startswith("mapping")):
        return
    for h, f in det.columns.items():
        if f not in ("billable", "non_billable") or h not in table.rows.columns:
            continue
        cells = values.text(series(table.rows, h).cast(pl.Utf8)).drop_nulls()
        if cells.len() == 0:
            continue
        numbers = values.money(cells, table.delimiter == ";")
        if numbers.drop_nulls().len() * 2 < cells.len() or bool(numbers.drop_nulls().is_in([0, 1]).all()):
            continue  # words (Yes / No, B / NB) or a 0 / 1 flag (a stray sub-heading cell aside)
        odd = cells.filter((~numbers.is_in([0, 1])).fill_null(False)).unique().sort().head(3).to_list()
        raise FileRejected(
            table.file_name,
            f"column `{h}` is read as the {f.replace('_', '-')} flag, but it holds numbers of hours ({', '.join(odd)}), not "
            "yes/no: read as a flag, a 1 would mark a whole entry and other numbers would be refused row by row; "
            "nothing was loaded",
            "give the file a column of the hours worked (map it as hours) and map the billable hours as billable_hours "
            "(--mapping map.yaml with columns: {\"<hours worked>\": hours, \"<billable hours>\": billable_hours})")
