"""Rows of one client (or technician) that disagree: every one of them waits, naming the client and the values.

Clients and technicians are one row per name. When a file names the same client twice with different values (two
monthly fees, two segments), taking the first (or the last) would be a confident wrong number: the file does not
say which is right, and when the rows are agreements the right fee is neither (it is their sum, which a source
with ``Source.per_client`` works out). So all the rows of such a name are quarantined, each with the values that
disagree; rows that repeat the same values exactly stay ordinary duplicates (the first loads).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import polars as pl

from moat.datasets import get
from moat.ingest.headings import exact_col
from moat.ingest.readers import ROW

IDX = "__i"
NAMES = {"clients": ("client", "client_name"), "technicians": ("technician", "technician_name")}


def _shown(value: Any) -> str:
    if value is None:
        return "(blank)"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def find(valid: pl.DataFrame, dataset: str) -> pl.DataFrame:
    """Problems (``__i``, field, reason, prio) for every row of a name whose rows carry different values."""
    empty = pl.DataFrame(schema={IDX: pl.Int64, "field": pl.Utf8, "reason": pl.Utf8, "prio": pl.Int32})
    if dataset not in NAMES or valid.height == 0:
        return empty
    kind, name_field = NAMES[dataset]
    fields = [f for f in get(dataset).field_names if f != name_field and f in valid.columns]
    repeated = valid.filter(pl.len().over("row_key") > 1)
    if repeated.height == 0 or not fields:
        return empty
    differ = repeated.group_by("row_key", maintain_order=True).agg(
        *(exact_col(f).n_unique().alias(f) for f in fields)).filter(pl.any_horizontal([exact_col(f) > 1 for f in fields]))
    if differ.height == 0:
        return empty
    out: list[dict[str, Any]] = []
    rows = repeated.filter(pl.col("row_key").is_in(differ["row_key"].implode())).sort(ROW)
    for key_row in differ.iter_rows(named=True):
        group = rows.filter(pl.col("row_key") == key_row["row_key"])
        changed = [f for f in fields if key_row[f] > 1]
        numbers = group[ROW].to_list()
        values = "; ".join(f"{f} " + " / ".join(_shown(v) for v in group[f].to_list()) for f in changed)
        reason = (f"{kind} '{group[name_field][0]}' is in rows {', '.join(map(str, numbers))} with different values ({values}): "
                  f"the file does not say which is right, so none of them loads; keep one row per {kind} and load it again"
                  + (" (agreements of one client, several per client, load as a source that sums them: "
                     "ConnectWise agreements)" if dataset == "clients" else ""))
        out += [{IDX: i, "field": changed[0], "reason": reason, "prio": 4} for i in group[IDX].to_list()]
    return pl.DataFrame(out, schema=empty.schema)
