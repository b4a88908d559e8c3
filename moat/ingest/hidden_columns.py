"""A column hidden in Excel that the load reads (h41 D20).

A user hides the raw `Amount` column and keeps the visible `Adjusted Amount` (discounts, write-offs): the header
synonyms know `Amount`, so the hidden column was read and what the sheet shows ignored, without a word. A hidden
column that a field reads is warned about; when a visible column the load leaves unused carries the same heading
plus more words (`Adjusted Amount`, `Amount (corrected)`), the file is refused naming both: only the user knows
which one is the truth."""

from __future__ import annotations

from typing import Any

from moat.errors import FileRejected
from moat.ingest.mapping import IGNORE, header_key
from moat.ingest.table import Table


def check(prepared: Any, original: Table) -> None:
    hidden = [h for h in original.hidden_columns if h in original.header]
    if not hidden:
        return
    read = prepared.recognised.columns if prepared.recognised and prepared.recognised.columns else prepared.columns
    read = {h: f for h, f in read.items() if f != IGNORE and not str(f).startswith("(")}
    unused = [h for h in original.header if h not in read and h not in hidden]
    for h in hidden:
        if h not in read:
            continue
        key = header_key(h)
        rivals = [v for v in unused if key and f" {key} " in f" {header_key(v)} " and header_key(v) != key]
        if rivals:
            raise FileRejected(
                prepared.file_name,
                f"column `{h}` is hidden in the sheet but would be read as {read[h]}, while the visible column "
                f"`{rivals[0]}` beside it is not read: the totals would not be the ones the sheet shows; nothing was loaded",
                f"say which column is the {read[h]}: --mapping map.yaml with columns: {{\"{rivals[0]}\": {read[h]}, "
                f"\"{h}\": ignore}} (or unhide / delete the column in Excel and load again)")
        prepared.warnings.append(f"column `{h}` (read as {read[h]}) is hidden in the sheet: Excel does not show it; "
                                 "if it is not the data, delete it and load again")
