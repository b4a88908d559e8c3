"""A header row in the middle of a file that is not the first one's (h69 D29).

Two exports pasted into one file repeat the header; README skips a repeated header as a layout row. When the grid's
columns were rearranged between the exports (…, `Billable Hours`, `Hours` below …, `Hours`, `Billable Hours`), the
rows below the second header were read in the first one's order: hours and billable hours swapped (March's hours
understated 4x, exit 0). And a report of two sections (an invoice list, then `Credit Note #, Customer, Date,
Amount`) loaded its credit notes as invoices under the first header. Here, before anything else reads the rows:

* a row whose cells are the header's own words in another order is a header: the rows below it (to the next header)
  are put in the first header's order, and it is then an ordinary repeated header (skipped);
* a row whose cells are column headings but not this header's (two or more of them equal to a heading, the others
  words) starts another table: the file is refused naming the row and its headings.
"""

from __future__ import annotations

import polars as pl

from moat.errors import FileRejected
from moat.ingest.headings import exact_col
from moat.ingest.table import EXTRA, ROW, UNDECODED, Table


def _norm(cell: object) -> str:
    return " ".join(str(cell or "").split()).casefold()


def reorder(table: Table) -> Table:
    """``table`` with the rows under a reordered header put in the header's order, or refused (see module doc)."""
    cols = [h for h in table.header if h in table.rows.columns and h not in (ROW, EXTRA, UNDECODED)]
    names = [_norm(h) for h in cols]
    if len(cols) < 3 or table.rows.height < 2:
        return table
    rows = table.rows
    hits = pl.sum_horizontal([(exact_col(c).cast(pl.Utf8).str.strip_chars().str.to_lowercase() == n).fill_null(False)
                              .cast(pl.Int32) for c, n in zip(cols, names, strict=True)])
    named = pl.sum_horizontal([exact_col(c).cast(pl.Utf8).str.strip_chars().str.to_lowercase().is_in(names).fill_null(False)
                               .cast(pl.Int32) for c in cols])
    at = "\x00second_headers_row"  # no file heading is this: a hostile heading such as `*` or `__i` stays a name
    candidates = rows.with_row_index(at).filter((named >= 2) & (hits < len(cols))).select(
        exact_col(at), exact_col(ROW), *[exact_col(c) for c in cols])
    if candidates.height == 0:
        return table
    wanted = sorted(n for n in names if n)
    starts: list[tuple[int, list[int]]] = []  # (row index, position in the row of each header column)
    for rec in candidates.iter_rows(named=True):
        cells = [_norm(rec[c]) for c in cols]
        if sorted(c for c in cells if c) == wanted:
            starts.append((rec[at], [cells.index(n) for n in names]))
            continue
        if sum(1 for c, n in zip(cells, names, strict=True) if c == n) >= 2 and not any(_number(c) for c in cells if c):
            shown = ", ".join(str(rec[c]) for c in cols if rec[c] not in (None, ""))
            raise FileRejected(
                table.file_name,
                f"row {rec[ROW]} is another table's header ({shown[:80]}): the rows below it belong to that table "
                "(another section of the report, e.g. credit notes) and would be read as this one's; nothing was loaded",
                "split the file at that row and load each part as a file of its own")
    if not starts:
        return table
    index = pl.int_range(0, rows.height, eager=True)
    out = rows
    bounds = [s for s, _ in starts] + [rows.height]
    for (start, order), end in zip(starts, bounds[1:], strict=True):
        inside = (index >= start) & (index < end)
        out = out.with_columns([pl.when(pl.Series(inside)).then(exact_col(cols[order[j]])).otherwise(exact_col(cols[j]))
                                .alias(cols[j]) for j in range(len(cols))])
    table.rows = out
    table.notes.append(f"{len(starts)} header row(s) in another column order (row {', '.join(str(rows[ROW][s]) for s, _ in starts)}): "
                       "the rows below each were read by their own header")
    return table


def _number(cell: str) -> bool:
    return any(ch.isdigit() for ch in cell) and not any(ch.isalpha() for ch in cell.replace("e", ""))
