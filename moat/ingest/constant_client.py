"""One client for a whole file (a mapping's `constants: {client_name: ...}`, `--client`) across several sheets (h41 D5).

A hand-kept timesheet workbook often has one tab per client and no client column. Following the refusal's hint (a
mapping with a constant client, as for a per-tenant report) stamped that one client on every visible sheet, so the
`Bluewater Legal` tab loaded as Acme Dental. A constant client is one client's rows: when the rows come from several
sheets, the file is refused naming the sheets and `sheet:` / `--sheet` (one load per sheet, each with its client)."""

from __future__ import annotations

from typing import Any

from moat.errors import FileRejected
from moat.ingest.table import Table


def check(table: Table, options: Any) -> None:
    constants = options.profile.constants if options.profile else {}
    client = constants.get("client_name") or options.client
    if not client or len(table.loaded_sheets) < 2:
        return
    given = "the mapping's constants: {client_name: ...}" if constants.get("client_name") else "--client"
    sheets = ", ".join(repr(s) for s in table.loaded_sheets)
    raise FileRejected(
        table.file_name,
        f"{given} makes every row the client {client!r}, but the rows come from {len(table.loaded_sheets)} sheets "
        f"({sheets}): a workbook with a sheet per client would load every sheet as {client!r}; nothing was loaded",
        f"load one sheet at a time, each with its own client: add `sheet: NAME` to the mapping (or give --sheet NAME), "
        f"e.g. --sheet {table.loaded_sheets[0]!r}")
