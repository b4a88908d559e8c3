"""A technician named by two columns, first name and last name, and no name column (h70, h41 D21: ConnectWise's
members export `identifier, firstName, lastName, title, hourlyRate, hourlyCost, dailyCapacity, ...` could not be
loaded at all: the synonyms found no technician name, and a mapping cannot join two columns).

For a file read by the header synonyms, the two are joined into one column `First Name + Last Name` (which the
synonyms read as the technician) when that makes the file a complete technicians or time-entries file; a contacts
list (a company and its people's names, no cost, no hours) stays as it was. The report's warnings say so.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import polars as pl

from moat.ingest import mapping
from moat.ingest.headings import exact_col

COLUMN = "First Name + Last Name"
_FIRST = {"first name", "firstname", "given name", "forename", "first"}
_LAST = {"last name", "lastname", "surname", "family name", "last"}
_DATASETS = ("technicians", "time_entries")
# a login, not a person's name (Autotask resources' `userName` beside `firstName`, `lastName`: h75): the two parts name
# the person, or the technician became "alee" beside the "Ann Lee" of the time entries, with a capacity of their own
_LOGINS = {"user name", "username", "login", "login name", "user id"}


def add_full_name(table: Any, options: Any) -> Any:
    """``table`` with a `First Name + Last Name` column when the file names people only by their two parts."""
    if options.profile is not None or COLUMN in table.header:
        return table
    keys = {h: mapping.header_key(h) for h in table.header}
    first = next((h for h, k in keys.items() if k in _FIRST), None)
    last = next((h for h, k in keys.items() if k in _LAST), None)
    if first is None or last is None:
        return table
    names = {s for ds in _DATASETS for s in mapping.synonyms(ds).get("technician_name", [])} - _LOGINS
    if any(k in names for k in keys.values()):
        return table  # the file has a name column of its own
    login = next((h for h, k in keys.items() if k in _LOGINS), None)
    wanted = [options.dataset] if options.dataset in _DATASETS else [] if options.dataset else list(_DATASETS)
    if not any(not mapping.map_columns(ds, [*table.header, COLUMN]).missing for ds in wanted):
        return table  # no complete technicians / time file with the names joined: not what the file is about
    full = pl.concat_str([exact_col(first).str.strip_chars(), exact_col(last).str.strip_chars()], separator=" ", ignore_nulls=True)
    rows = table.rows.with_columns(pl.when(full.str.strip_chars() == "").then(None).otherwise(full.str.strip_chars()).alias(COLUMN))
    return replace(table, header=[*table.header, COLUMN], rows=rows,
                   notes=[*table.notes, f"each person's name is `{first}` + `{last}` "
                          + (f"(`{login}` is a login, not a name)" if login else "(the file has no name column)")])
