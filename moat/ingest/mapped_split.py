"""Partly billable entries of a time file loaded by a mapping or by header synonyms are split too (h69 D2).

The declared sources split an entry whose billable hours are fewer than its hours worked into a billable part and
a non-billable rest (``partly_billable.split``). A file mapped by hand (`Regular Hours: hours`, `Billable Hours:
billable_hours`) or by header synonyms counted such an entry billable whole, warned: billable hours overstated with
exit 0 (Kaseya BMS 3.00 h worked, 2.00 billed: 3.00 billable). The same split runs here on the table, before the
pipeline maps it, so every file with the two numbers loads the billed hours as billable.
"""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import polars as pl

from moat.ingest import partly_billable
from moat.ingest.headings import exact_col
from moat.ingest.mapping import IGNORE


class _View:
    """What ``partly_billable.split`` reads and writes of shaping's run, over a mapped table."""

    def __init__(self, rows: pl.DataFrame, dataset: str, columns: dict[str, str]) -> None:
        self.source = SimpleNamespace(dataset=dataset)
        self.df = rows
        self.m = SimpleNamespace(columns=columns)
        self.rules: dict[str, Any] = {}
        self.warnings: list[str] = []

    def col(self, fld: str) -> str | None:
        return self.m.columns.get(fld)

    def has(self, fld: str) -> bool:
        return fld in self.m.columns and self.m.columns[fld] in self.df.columns

    def count(self, key: str, n: Any) -> None:
        if n:
            self.rules[key] = n


def split(table: Any, det: Any, recognised: Any) -> Any:
    """``table`` with its partly billable entries split (det's columns re-pointed, the rule counted on
    ``recognised``), or unchanged. Only for files loaded by a mapping or header synonyms."""
    src = recognised.source if recognised is not None else "generic"
    if det.dataset != "time_entries" or not (src == "generic" or src.startswith("mapping")):
        return table
    by_field = {f: h for h, f in det.columns.items() if f != IGNORE}
    if "billable_hours" not in by_field or "hours" not in by_field:
        return table
    view = _View(table.rows, det.dataset, dict(by_field))
    partly_billable.split(view)
    if not view.rules.get("partly_billable_split"):
        return table
    rows = view.df
    for fld in ("hours", "billable"):  # the split values go back under the file's own heading (what the report names)
        new, old = view.m.columns.get(fld), by_field.get(fld)
        if new is not None and old is not None and new != old:
            rows = rows.with_columns(exact_col(new).alias(old)).drop(new)
    if recognised is not None:  # rows read stay the file's rows: a split entry is one row read
        recognised.rules["partly_billable_split"] = view.rules["partly_billable_split"]
        if recognised.rows_read is None:
            recognised.rows_read = table.rows.height
    return replace(table, rows=rows, notes=[*table.notes, *view.warnings])
