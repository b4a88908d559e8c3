"""A clients list's `Inactive` / `Is Disabled` / `Archived` yes-no column says the client is churned (h69 D16 scope).

`is_active` (`Active`, `Is Active`) already gives a client's status; its negation was "not used", so a HaloPSA
Clients list's `Inactive` = True client loaded with no status and its monthly fee counted among current fees. In a
clients file mapped by hand or by headings with no status column, such a column of yes/no values is read inverted
as `is_active` (churned where it says yes), with a note.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.ingest import values
from moat.ingest.headings import series
from moat.ingest.mapping import header_key

_NEGATED = {"inactive", "is inactive", "disabled", "is disabled", "archived", "is archived", "deactivated",
            "is deactivated", "inactive flag"}
ACTIVE = "__active_from_inactive"


def read_inactive(table: Any, det: Any, recognised: Any) -> Any:
    """``table`` with an `Inactive` column turned into ``is_active`` (``det`` re-pointed), or unchanged."""
    src = recognised.source if recognised is not None else "generic"
    if det.dataset != "clients" or not (src == "generic" or src.startswith("mapping")):
        return table
    if any(f in ("status", "is_active") for f in det.columns.values()):
        return table
    col = next((h for h in det.unmapped if header_key(h) in _NEGATED and h in table.rows.columns), None)
    if col is None:
        return table
    flag = values.boolean(series(table.rows, col).cast(pl.Utf8))
    written = values.text(series(table.rows, col).cast(pl.Utf8)).is_not_null()
    if bool((written & flag.is_null()).any()):
        return table  # not a yes/no column: left as it was
    table.rows = table.rows.with_columns((~flag).cast(pl.Utf8).alias(ACTIVE))
    det.columns[ACTIVE] = "is_active"
    det.unmapped = [h for h in det.unmapped if h != col]
    n = int(flag.fill_null(False).sum())
    table.notes.append(f"`{col}`: {n} client(s) marked inactive loaded as churned (the column says the client is not active)")
    return table
