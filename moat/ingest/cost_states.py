"""Bills and expenses that are no cost yet, or no longer: a costs file's status column (h69 D20).

Costs carry no status of their own, so a `Bill Status` column (Zoho Books Bills export: Paid / Open / Draft / Void)
was "not used" and a voided bill loaded as a cost beside the bill that replaced it (a month's rent counted twice,
exit 0). As invoices skip draft and void documents, a costs file loaded by a mapping or header synonyms skips rows
whose status column says draft, void, deleted or cancelled: counted and named in the report (``rows_skipped``);
other statuses (paid, open, unknown words) load as before. A status column the mapping names `ignore` is not read.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import polars as pl

from moat.ingest import values
from moat.ingest.headings import series
from moat.ingest.mapping import header_key
from moat.ingest.table import ROW

_EXCLUDED = {"void": "void", "draft": "draft"}


def skip_excluded(table: Any, det: Any, recognised: Any) -> Any:
    """``table`` without its draft / void / deleted bills (recorded as skipped on ``recognised``), or unchanged."""
    src = recognised.source if recognised is not None else "generic"
    if det.dataset != "costs" or recognised is None or not (src == "generic" or src.startswith("mapping")):
        return table
    col = next((h for h in det.unmapped if h in table.rows.columns
                and (header_key(h) in ("status", "state") or header_key(h).endswith(" status"))), None)
    if col is None:
        return table
    rows = table.rows
    raw = values.text(series(rows, col).cast(pl.Utf8))
    canon = values.enumeration(raw, "invoice_status")
    drop = canon.is_in(list(_EXCLUDED)).fill_null(False)
    n = int(drop.sum())
    if not n:
        return table
    gone = rows.filter(drop)
    if recognised.rows_read is None:
        recognised.rows_read = rows.height
    recognised.skipped = [*recognised.skipped, *({"row": int(r), "kind": f"{w} bill (excluded: not a cost)"}
                                                 for r, w in zip(gone[ROW].to_list(), raw.filter(drop).to_list(), strict=True))]
    recognised.rules["bills_excluded_by_status"] = n
    det.unmapped = [h for h in det.unmapped if h != col]
    note = (f"`{col}`: {n} draft / void bill(s) not loaded as costs (row(s) "
            f"{', '.join(str(r) for r in gone[ROW].to_list()[:10])}); paid and open ones load")
    return replace(table, rows=rows.filter(~drop), notes=[*table.notes, note])
