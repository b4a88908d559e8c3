"""Two headings that differ only in case or spacing (``Amount`` and ``AMOUNT``, ``Client Name`` and
``client_name``) where one of them is read as a field: which one the export meant cannot be told, so a file whose
two columns disagree is refused naming both, never loaded from whichever recognition met first. Equal values in
every row are one column written twice and load."""

from __future__ import annotations

import re

import polars as pl

from moat.errors import FileRejected
from moat.ingest.excel_cells import where
from moat.ingest.headings import exact_col
from moat.ingest.mapping import IGNORE, Detection
from moat.ingest.table import ROW, Table


def _key(heading: str) -> str:
    return re.sub(r"[\s_\-]+", "", heading.casefold())


def refuse_disagreeing_twins(table: Table, det: Detection) -> None:
    """Refuse when a read column has a twin heading (same letters up to case, spaces, '_' and '-') whose values
    differ on some row; the message names both columns and the first row where they differ."""
    read = {h for h, t in det.columns.items() if t != IGNORE and h in table.rows.columns}
    position = {h: i for i, h in enumerate(table.header, start=1)}
    for h in sorted(read, key=lambda x: position.get(x, 0)):
        for other in table.header:
            if (other == h or other not in table.rows.columns or _key(other) != _key(h)
                    or det.columns.get(other, IGNORE) != IGNORE):  # both read, as different fields: deliberate
                continue
            a = exact_col(h).cast(pl.Utf8).str.strip_chars().replace("", None)
            b = exact_col(other).cast(pl.Utf8).str.strip_chars().replace("", None)
            differ = table.rows.filter(~a.eq_missing(b))
            if not differ.height:
                continue
            row = differ.select(ROW, a.alias("a"), b.alias("b")).row(0)
            raise FileRejected(
                table.file_name,
                f"two columns have the heading `{h}` up to case or spacing: `{h}` ({where(position[h])}) and `{other}` "
                f"({where(position[other])}), and their values differ (row {row[0]}: `{str(row[1])[:40]}` and `{str(row[2])[:40]}`); "
                f"`{h}` would be read as {det.columns[h]} and which one is meant cannot be guessed",
                f"rename or delete the column that is not the {det.columns[h]}, then upload again")
