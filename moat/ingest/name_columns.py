"""A yes/no column is never a name (h41 D25).

Harvest's Detailed Time export has `Employee?` (Yes/No: employee or contractor) beside First Name / Last Name; the
header synonym `employee` once made it the technician, so every entry belonged to a technician called "Yes". A name
column (client, technician, vendor, product) whose every value is a yes/no word is refused naming the column, and
a header that asks a question (`Employee?`, `Client?`) is never taken for a name by the synonyms."""

from __future__ import annotations

import re

import polars as pl

from moat.errors import FileRejected
from moat.ingest.headings import series

NAME_FIELDS = ("client_name", "technician_name", "vendor", "product")
_YES_NO = {"yes", "no", "y", "n", "true", "false", "0", "1", "x"}
# a heading that ends in the word "id": `companyID`, `customerId`, `Customer ID`, `resource_id`, `Company.id`
_ID_HEADING = re.compile(r"(?:(?:^|[^A-Za-z])(?:id|Id|ID)|(?<=[a-z])(?:Id|ID))$")


def is_question(header: str) -> bool:
    """`Employee?`, `Billable?`: a header that asks a yes/no question."""
    return header.rstrip().endswith("?")


def refuse_yes_no_names(file_name: str, columns: dict[str, str], rows: pl.DataFrame) -> None:
    """Refuse a file whose column mapped to a name field holds only yes/no words: loaded, every row would belong to
    a client or technician called "Yes" or "No"; or only the numbers of an id column (h98: an Autotask `companyID`
    mapped as the client made clients "174" and "175" with exit 0)."""
    _refuse_id_names(file_name, columns, rows)
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


def _refuse_id_names(file_name: str, columns: dict[str, str], rows: pl.DataFrame) -> None:
    """A name field read from a column whose heading says it is an id (`companyID`, `Customer Id`, `resource_id`)
    and whose every value is a whole number: the numbers are the vendor's keys, never names (a lookup export, or
    the file's own name column, gives the names)."""
    for header, fld in columns.items():
        if fld not in NAME_FIELDS or header not in rows.columns or not _ID_HEADING.search(header.strip()):
            continue
        cells = series(rows, header).cast(pl.Utf8).str.strip_chars().drop_nulls()
        cells = cells.filter(cells != "")
        if cells.len() == 0 or not cells.str.contains(r"^\d+(?:\.0+)?$").all():
            continue
        raise FileRejected(
            file_name, f"column `{header}` was read as {fld}, but it holds ids ({', '.join(sorted(set(cells.to_list()))[:4])}), "
            f"not names: every row would belong to a {fld.replace('_name', '')} called by a number; nothing was loaded",
            "load the file without a mapping and give the vendor's export of names with --lookup (e.g. --lookup "
            "companies.csv for an Autotask export), or map the column that holds the names")
