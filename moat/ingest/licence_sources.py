"""A licence line of another billing source for the same client, product and month (h60 F18).

Licence lines are keyed by client, product and month, so a later file's line *replaces* the current one: right for
the same distributor's corrected export, silently wrong for a second purchase from another distributor (a second
tenant, the month an MSP moves distributors): the first purchase's seats and cost vanish. A billing file whose lines
have the keys of current lines loaded from a *different* billing source is refused, naming the earlier file and
source and the two fixes. Seat-usage reports (which update the seats of existing lines) are never refused here."""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.db import Connection
from moat.errors import FileRejected


def _is_seat_report(source_id: str | None) -> bool:
    from moat.ingest.sources import BY_ID

    source = BY_ID.get(source_id or "")
    return source is not None and source.seats is not None


def refuse_line_of_another_source(con: Connection, prepared: Any) -> None:
    """Refuse a licence file whose lines would replace current lines loaded from another billing source."""
    if prepared.dataset != "licenses" or prepared.rows.height == 0 or "row_key" not in prepared.rows.columns:
        return
    mine = prepared.recognised.source if prepared.recognised is not None else None
    if _is_seat_report(mine):
        return
    con.register("_moat_licence_keys", prepared.rows.select(pl.col("row_key").alias("k")))
    try:
        found = con.execute("""
            SELECT json_extract_string(s.details, '$.source') AS src,
                   coalesce(json_extract_string(s.details, '$.source_name'), 'a licence file') AS src_name,
                   s.snapshot_id, s.file_name, count(*), sum(t.seats_purchased),
                   sum(t.seats_purchased * t.unit_cost), min(t.client_name || ' / ' || t.product)
            FROM licenses t JOIN snapshots s USING (snapshot_id)
            WHERE t.is_current AND t.row_key IN (SELECT k FROM _moat_licence_keys)
            GROUP BY ALL ORDER BY s.snapshot_id""").fetchall()
    finally:
        con.unregister("_moat_licence_keys")
    # an earlier load that recorded no source (demo data, older versions) says nothing about where it came from
    other = [r for r in found if r[0] and mine and r[0] != mine and not _is_seat_report(r[0])]
    if not other:
        return
    n = sum(r[4] for r in other)
    held = "; ".join(f"{count} line(s) from {file} (snapshot {sid}, {name}: {int(seats or 0)} seats, "
                     f"{float(cost or 0):,.2f}, e.g. {example})"
                     for _src, name, sid, file, count, seats, cost, example in other)
    raise FileRejected(
        prepared.file_name,
        f"{n} of its lines are for a client, product and month already loaded from another billing source: {held}. "
        "Loaded, each would replace that purchase (its seats and cost would be lost); nothing was loaded",
        "if these are second purchases (another distributor or tenant), put both sources' lines in one file (the lines "
        "of one client, product and month in a licence file are summed) or give the products distinct names; if this "
        "file is the same purchases re-exported from another tool, roll the earlier load back (`moat snapshots "
        "rollback N`) or load this file with --replace-range over its month(s)")
