"""The quarantine: rejected rows a person can read, download, fix (mapping, aliases) and re-process.

Each quarantined row keeps its whole source row (``raw``, header -> text) and its snapshot keeps the mapping that
was applied, so ``retry`` re-runs exactly the same pipeline on those rows with today's aliases (and optionally a
corrected mapping). The rows that now pass become a new snapshot; the retried rows are marked ``retried`` in the
same transaction, and those that still fail are quarantined again under the new snapshot — counts keep adding up.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from typing import Any

import polars as pl

from moat.cells import escape_row
from moat.db import Connection, frame, one
from moat.errors import MoatError
from moat.governance.permissions import User, require
from moat.ingest import mapping, pipeline, readers
from moat.snapshots import commit

COLUMNS = ["quarantine_id", "snapshot_id", "dataset", "file_name", "row_number", "column_name", "value", "reason", "status"]


def list_rows(con: Connection, snapshot_id: int | None = None, file_name: str | None = None, status: str | None = "open") -> pl.DataFrame:
    """Quarantined rows, newest snapshot first, in file order."""
    return frame(
        con,
        "SELECT quarantine_id, snapshot_id, dataset, file_name, row_number, column_name, value, reason, status, CAST(raw AS VARCHAR) AS raw "
        "FROM quarantine WHERE (? IS NULL OR snapshot_id = ?) AND (? IS NULL OR file_name = ?) AND (? IS NULL OR status = ?) "
        "ORDER BY snapshot_id DESC, row_number",
        [snapshot_id, snapshot_id, file_name, file_name, status, status],
    )


def export_csv(con: Connection, snapshot_id: int | None = None, file_name: str | None = None, status: str | None = "open") -> str:
    """The quarantine as CSV: where each row is, what was wrong, and the whole source row to fix it."""
    df = list_rows(con, snapshot_id, file_name, status)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([*COLUMNS, "raw"])
    for rec in df.iter_rows(named=True):  # the rejected values are hostile by definition: formulas made inert
        writer.writerow(escape_row([rec[c] for c in [*COLUMNS, "raw"]]))
    return buf.getvalue()


def _table_from_raw(q: pl.DataFrame, file_name: str) -> readers.Table:
    records = [json.loads(r) if r else {} for r in q["raw"].to_list()]
    header: list[str] = []
    for rec in records:
        for key in rec:
            if key not in header and key != readers.EXTRA:
                header.append(key)
    data: dict[str, list[Any]] = {h: [None if rec.get(h) is None else str(rec.get(h)) for rec in records] for h in header}
    rows = pl.DataFrame(data, schema={h: pl.Utf8 for h in header}).with_columns(q["row_number"].cast(pl.Int64).alias(readers.ROW))
    extra = [rec.get(readers.EXTRA) for rec in records]
    if any(e is not None for e in extra):
        rows = rows.with_columns(pl.Series(readers.EXTRA, extra, dtype=pl.Utf8))
    rows = readers.mark_undecodable(rows, header)  # an undecodable row stays quarantined on retry (never a garbled name)
    return readers.Table(file_name, "quarantine", header, rows)


def retry(
    con: Connection, user: User, snapshot_id: int, profile: mapping.Profile | None = None, dayfirst: bool | None = None,
    base_currency: str = "USD",
) -> dict[str, Any]:
    """Re-process the open quarantine of one snapshot; returns the report of the new snapshot (or of nothing to do)."""
    require(user, "upload")
    snap = one(con, "SELECT dataset, file_name, status, CAST(details AS VARCHAR) FROM snapshots WHERE snapshot_id = ?", [snapshot_id])
    if snap is None:
        raise MoatError(f"there is no snapshot {snapshot_id}", "list them with `moat snapshots list`")
    dataset, file_name, status, details_json = snap
    if status != "active":
        raise MoatError(f"snapshot {snapshot_id} is {status}; its quarantine is not retried", "upload the file again instead")
    q = frame(con, "SELECT quarantine_id, row_number, CAST(raw AS VARCHAR) AS raw FROM quarantine "
                   "WHERE snapshot_id = ? AND status = 'open' AND reason NOT LIKE '%duplicate of row%' ORDER BY row_number",
              [snapshot_id])
    if q.height == 0:
        return {"file": file_name, "dataset": dataset, "retried_snapshot": snapshot_id, "rows_read": 0, "rows_loaded": 0,
                "rows_quarantined": 0, "snapshot_id": None, "errors": []}
    details = json.loads(details_json or "{}")
    stored = {str(k): str(v) for k, v in (details.get("columns") or {}).items()}
    merged = mapping.Profile(
        dataset=dataset,
        columns={**stored, **(profile.columns if profile else {})},
        dayfirst=profile.dayfirst if profile and profile.dayfirst is not None else {"dmy": True, "mdy": False}.get(details.get("date_order")),
        currency=profile.currency if profile else None,
        constants={**(details.get("constants") or {}), **(profile.constants if profile else {})},
    )
    label = f"{file_name} (retry of snapshot {snapshot_id})"
    table = _table_from_raw(q, label)
    det = mapping.detect(table.header, label, merged, dataset)
    options = pipeline.Options(dataset=dataset, profile=merged, dayfirst=dayfirst, base_currency=base_currency)
    ids = q["quarantine_id"].to_list()
    sha = hashlib.sha256(("retry:" + ",".join(map(str, ids))).encode()).hexdigest()
    prepared = pipeline.process(con, table, det, options, sha256=sha)

    def mark(c: Connection, new_snapshot: int) -> None:
        c.execute("UPDATE quarantine SET status = 'retried' WHERE quarantine_id IN (SELECT unnest(?::BIGINT[]))", [ids])

    result = commit(
        con, user, dataset, prepared.rows, file_name=label, sha256=sha, rows_read=prepared.rows_read,
        quarantine=prepared.quarantine, quality_score=prepared.quality["score"],
        details={**json.loads(json.dumps(prepared.details(), default=str)), "retry_of": snapshot_id}, on_commit=mark,
    )
    report = prepared.report(result.snapshot_id)
    report["retried_snapshot"] = snapshot_id
    return report


def open_snapshots(con: Connection) -> list[int]:
    """Active snapshots that still have open quarantine rows."""
    df = frame(con, "SELECT DISTINCT q.snapshot_id FROM quarantine q JOIN snapshots s USING (snapshot_id) "
                    "WHERE q.status = 'open' AND s.status = 'active' ORDER BY 1")
    return df["snapshot_id"].to_list()
