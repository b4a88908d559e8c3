"""h78 (issue 15, held-out class: not having a product): the clients with activity in the period that hold no seat of
the named products ("which clients don't have Huntress", "clients without SentinelOne", "who isn't on E3").

Why a compiler of its own: every licence figure per client is computed over the licence rows, so a client without the
product has no row at all and a filtered list can only ever show the clients that *do* hold it (the confident wrong
answer this replaces). The clients asked about are the profitability rows of the period (any invoice, time, licence or
cost in it: the clients the app lists for a period), less those with seats purchased of the products in the period.
Each is shown with its 0 seats of them; a count counts them.
"""

from __future__ import annotations

import polars as pl

from moat.ai.catalogue import Intent
from moat.ai.compile.licences import client_licences
from moat.ai.compile.result import Result, coverage
from moat.ai.safety import SafeConnection
from moat.metrics import profitability


def lacking_rows(con: SafeConnection, intent: Intent) -> Result:
    """[client_name, 0] for each client with activity lacking ``intent``'s products, by name; [[n]] for a count."""
    period = intent.period
    segments = intent.filter("segment")
    active = profitability(con, period, segments[0] if len(segments) == 1 else None)
    if len(segments) > 1:
        active = active.filter(pl.col("segment").is_in(list(segments)))
    if clients := intent.filter("client"):  # h86: "does Acme not have Huntress": that one client
        active = active.filter(pl.col("client_name").is_in(list(clients)))
    held = client_licences(con, period, intent.filter("product")).filter(pl.col("seats_purchased") > 0)
    lacking = active.filter(~pl.col("client_key").is_in(held.get_column("client_key").implode()))
    names = sorted(set(lacking.get_column("client_name").to_list()))
    if intent.count:
        return Result(["count"], [[len(names)]], "count", None, list(con.executed), 0, coverage(con, period))
    return Result(["client_name", "seats_purchased"], [[name, 0] for name in names], "ranking", None,
                  list(con.executed), 0, coverage(con, period))
