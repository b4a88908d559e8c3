"""``--client NAME`` for a file loaded by header synonyms: the client of every row of a per-client report (h63 F21).

A PSA's "time by customer" report run for one customer names it only in its title rows (`Customer:,Acme Dental`)
and has no client column. README says `--client` gives every row that client, but only declared sources read it:
the file was refused "missing client_name ... give --dataset and a --mapping" with or without `--client`. Here
``--client`` becomes a column of its own (header `--client`, which the synonyms read as the client) when the file
has no client column; a file that has one keeps its clients and is warned that `--client` was not used. Without
``--client``, the refusal of a file with no client column whose title names a client names `--client NAME`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import polars as pl

from moat.datasets import get
from moat.errors import FileRejected
from moat.ingest import mapping

COLUMN = "--client"
_TITLE_CLIENT = re.compile(r"^\s*(?:customer|client|company|account|organi[sz]ation)(?:\s+name)?\s*:?\s*[,;:\t]\s*\"?([^\",;\t]+)",
                           re.I)


def _client_keys() -> set[str]:
    from moat.datasets import DATASETS

    keys: set[str] = set()
    for name in DATASETS:
        keys |= set(mapping.synonyms(name).get("client_name", []))
    return keys


def client_column(header: list[str]) -> str | None:
    """The file's own client column (a header the synonyms read as the client in some dataset), if any."""
    keys = _client_keys()
    return next((h for h in header if h != COLUMN and mapping.header_key(h) in keys), None)


def add_column(table: Any, options: Any) -> Any:
    """``table`` with a ``--client`` column of ``options.client`` when the file has no client column of its own."""
    if not options.client or options.profile is not None or COLUMN in table.header:
        return table
    own = client_column(table.header)
    if own is not None:
        return replace(table, notes=[*table.notes, f"--client {options.client!r} was not used: the file names each row's "
                                                   f"client in `{own}`"])
    try:  # a staff list or rates file needs no client: --client is not what it is about
        det = mapping.detect(table.header, table.file_name, None, options.dataset)
    except FileRejected:
        det = None
    if det is not None and "client_name" not in get(det.dataset).field_names:
        return replace(table, notes=[*table.notes, f"--client {options.client!r} was not used: a {det.dataset} file has "
                                                   "no client"])
    rows = table.rows.with_columns(pl.lit(options.client, dtype=pl.Utf8).alias(COLUMN))
    return replace(table, header=[*table.header, COLUMN], rows=rows,
                   notes=[*table.notes, f"every row is the client {options.client!r} (--client): the file has no client column"])


def refusal(exc: FileRejected, table: Any, options: Any, title: list[str]) -> FileRejected | None:
    """A refusal for a missing client, when the file has no client column and no ``--client``, that names the fix."""
    if options.client or options.profile is not None or "client_name" not in str(exc) or client_column(table.header):
        return None
    named = next((m.group(1).strip() for line in title if (m := _TITLE_CLIENT.match(line))), None)
    if not named:
        return None  # the refusal as it was (what the file lacks); only a report whose title names its client is one
    said = f" (its title names {named!r})"
    return FileRejected(
        table.file_name, f"no client column: a report for one client{said} has its client only above the header, so "
        "no row says whose it is; nothing was loaded",
        f"give the client of every row: moat ingest {table.file_name} --client {named!r}")
