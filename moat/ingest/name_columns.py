"""A yes/no column is never a name (h41 D25).

Harvest's Detailed Time export has `Employee?` (Yes/No: employee or contractor) beside First Name / Last Name; the
header synonym `employee` once made it the technician, so every entry belonged to a technician called "Yes". A name
column (client, technician, vendor, product) whose every value is a yes/no word is refused naming the column, and
a header that asks a question (`Employee?`, `Client?`) is never taken for a name by the synonyms."""

from __future__ import annotations

import polars as pl

from moat.errors import FileRejected
from moat.ingest.headings import series

NAME_FIELDS = ("client_name", "technician_name", "vendor", "product")
_YES_NO = {"yes", "no", "y", "n", "true", "false", "0", "1", "x"}


def is_question(header: str) -> bool:
    """`Employee?`, `Billable?`: a header that asks a yes/no question."""
    return header.rstrip().endswith("?")


def refuse_yes_no_names(file_name: str, columns: dict[str, str], rows: pl.DataFrame) -> None:
    """Refuse a file whose column mapped to a name field holds only yes/no words: loaded, every row would belong to
    a client or technician called "Yes" or "No"."""
    for header, fld in columns.items():
        if fld not in NAME_FIELDS or header not in rows.columns:
            continue
        values = series(rows, header).cast(pl.Utf8).str.strip_chars().str.to_lowercase().drop_nulls()
        values = values.filter(values != "")
        if values.len() == 0 or not values.is_in(list(_YES_NO)).all():
            continue
        shown = ", ".join(sorted(set(series(rows, header).cast(pl.Utf8).drop_nulls().str.strip_chars().to_list()))[:4])
        raise FileRejected(
            file_name, f"column `{header}` was read as {fld}, but it holds only yes/no values ({shown}): a yes/no "
            f"column is never a name, and every row would belong to a {fld.replace('_name', '')} called "
            f"{shown.split(', ')[0]!r}; nothing was loaded",
            f"map the column that holds the names: --mapping map.yaml with columns: {{\"<name column>\": {fld}, "
            f"\"{header}\": ignore}}")
