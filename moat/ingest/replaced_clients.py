"""What a `--replace-range` load removes for clients the file does not name (h41 D32).

The file is the full truth for its range, so every current row of the range it does not hold stops counting. A PSA
export filtered to one client, loaded with `--replace-range`, thereby removed every other client's rows of the
range and the report said nothing. The report now names each client the file has no row for whose current rows of
the range the load removes, with their rows and hours (or amount), and how to undo it."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from moat.db import Connection, rows

_MEASURE = {"time_entries": ("sum(hours)", " h"), "invoices": ("sum(amount)", ""), "costs": ("sum(amount)", "")}


def warn(con: Connection, prepared: Any, replace_range: tuple[date, date]) -> None:
    d = prepared.dataset
    if d not in _MEASURE or "client_key" not in prepared.rows.columns or "date" not in prepared.rows.columns:
        return
    lo, hi = replace_range
    mine = prepared.rows.select(pl.col("client_key").drop_nulls().unique().alias("k"))
    measure, unit = _MEASURE[d]
    table = d  # identifiers from the allow-list above
    con.register("_moat_replacing_clients", mine)
    try:
        gone = rows(con, f"""SELECT any_value(client_name), count(*), {measure} FROM {table}
                             WHERE is_current AND date BETWEEN ? AND ? AND client_key IS NOT NULL
                               AND client_key NOT IN (SELECT k FROM _moat_replacing_clients)
                             GROUP BY client_key ORDER BY 1""", [lo, hi])
    finally:
        con.unregister("_moat_replacing_clients")
    if not gone:
        return
    named = "; ".join(f"{name}: {n} row(s), {float(total or 0):,.2f}{unit}" for name, n, total in gone[:10])
    more = f" and {len(gone) - 10} more" if len(gone) > 10 else ""
    prepared.warnings.append(
        f"--replace-range {lo}..{hi} removes the current rows of {len(gone)} client(s) this file has no row for "
        f"({named}{more}): the file is taken as the full truth for the range; if it was filtered to some clients, "
        "roll this load back (`moat snapshots rollback` its snapshot) and load an export of every client")
