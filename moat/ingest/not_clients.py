"""A list of things per client (devices, contacts, tickets) is no clients list, though its client column alone
makes one by header synonyms (h63 F10).

A NinjaOne / RMM device export (Organization, Location, Display Name, Device Type, OS Name, Last Contact ...)
matched the clients dataset on `Organization` alone: clients created from a device list, the second device of a
client quarantined as a "duplicate client". A clients list has one row per client and client facts; here a file
whose only clients field is the name, with other columns beside it, is refused when the names repeat (one row per
something else) or its columns are an inventory's (device, hostname, OS, serial, last seen).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.errors import FileRejected
from moat.ingest import mapping
from moat.ingest.headings import series

_INVENTORY = {"device", "device name", "device type", "display name", "hostname", "host name", "computer name", "os",
              "os name", "operating system", "os version", "serial", "serial number", "ip address", "mac address",
              "last contact", "last seen", "last check in", "last boot", "agent version", "last user", "manufacturer",
              "model", "device role", "node class", "asset tag", "asset type", "warranty expiry"}


def refuse_list_per_client(table: Any, det: mapping.Detection, options: Any) -> None:
    """Refuse a file loaded as clients by its name column alone when it is a list of something else per client."""
    if det.dataset != "clients" or options.dataset or options.profile is not None:
        return
    used = [c for c, t in det.columns.items() if t != mapping.IGNORE]
    others = [c for c in table.header if c not in det.columns]
    if len(used) != 1 or det.columns[used[0]] != "client_name" or len(others) < 2 or used[0] not in table.rows.columns:
        return
    names = series(table.rows, used[0]).cast(pl.Utf8).str.strip_chars().str.to_lowercase().drop_nulls()
    names = names.filter(names != "")
    repeats = names.len() - names.n_unique()
    inventory = [c for c in others if mapping.header_key(c) in _INVENTORY]
    if not repeats and len(inventory) < 2:
        return
    why = (f"its columns are an inventory's ({', '.join(f'`{c}`' for c in inventory[:4])})" if len(inventory) >= 2 else
           f"{repeats} row(s) repeat a name")
    raise FileRejected(
        table.file_name, f"only `{used[0]}` reads as a clients field and {why}: this is a list of something else per "
        f"client (devices, contacts, tickets), not a clients list (one row per client); none of "
        f"{', '.join(others[:5])} is a client fact",
        f"export the company / organisation list (one row per client), or if this is one, say so: moat ingest "
        f"{table.file_name} --dataset clients")
