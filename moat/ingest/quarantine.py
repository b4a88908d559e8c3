"""The quarantine: rejected rows a person can read, download, fix (mapping, aliases) and re-process.

Each quarantined row keeps its whole row as the pipeline saw it (``raw``, column -> text) and its snapshot keeps
the mapping that was applied, so ``retry`` re-runs the same pipeline on those rows with today's aliases (and
optionally a corrected mapping). The rows that now pass become a new snapshot; the retried rows are marked
``retried`` in the same transaction, and those that still fail are quarantined again under the new snapshot —
counts keep adding up.

A retry never produces a number the original load would not have. For a file a declared source shaped (group rows
carried down, documents rolled up, credit notes negative, tax removed, fees made monthly, agreements summed,
``--client``, ids resolved through ``--lookup`` files), ``raw`` holds the file's columns *and* the values the row
rules computed ("amount (per document, net of tax)", "monthly_fee (agreements summed)", "client_name (--client)"),
and the snapshot's mapping loads exactly those computed columns: a row held for a new name or a value the retry can
fix (an alias, a date order, an exchange rate) loads the value the clean load would have. What the retry cannot
re-apply is refused, named, and left open (``refused`` in the report), never loaded differently:

- a row the source's own rules held (``column_name`` ``row``: an id missing from a lookup, an agreement whose
  siblings cannot be summed, an unknown billing cycle): its fix is in the export (or its lookup files), and its
  siblings are not in the quarantine;
- a row of a per-user seat report (its seats count other rows and its purchases were read from the database at
  load time);
- a corrected mapping that maps a field the source's row rules computed (it would read the raw column past the
  rules: a credit note positive, tax included, one agreement's fee instead of the client's sum).

The fix named is the same everywhere (CLI, Upload page, ``moat aliases confirm`` + retry): correct the export, roll
the snapshot back (``moat snapshots rollback N``: the same bytes would otherwise be "already loaded") and ingest it
again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from typing import Any

import polars as pl

from moat.cells import escape_row
from moat.db import Connection, frame, one, retry_conflicts, transaction
from moat.errors import FileRejected, MoatError
from moat.governance import audit
from moat.governance.permissions import User, require
from moat.ingest import mapping, phases, pipeline, readers
from moat.ingest.sources import Source
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


REJECT, INTERNAL = phases.REJECT, phases.INTERNAL
_FLAGS = (readers.EXTRA, INTERNAL, REJECT)  # travel with a row but are not columns of the file


def _table_from_raw(q: pl.DataFrame, file_name: str) -> readers.Table:
    records = [json.loads(r) if r else {} for r in q["raw"].to_list()]
    header: list[str] = []
    for rec in records:
        for key in rec:
            if key not in header and key not in _FLAGS:
                header.append(key)
    data: dict[str, list[Any]] = {h: [None if rec.get(h) is None else str(rec.get(h)) for rec in records] for h in header}
    rows = pl.DataFrame(data, schema={h: pl.Utf8 for h in header}).with_columns(q["row_number"].cast(pl.Int64).alias(readers.ROW))
    for flag in (readers.EXTRA, INTERNAL):  # the internal-time flag stays a flag (never a second column of that name)
        values = [rec.get(flag) for rec in records]
        if any(v is not None for v in values):
            rows = rows.with_columns(pl.Series(flag, [None if v is None else str(v) for v in values], dtype=pl.Utf8))
    rows = readers.mark_undecodable(rows, header)  # an undecodable row stays quarantined on retry (never a garbled name)
    return readers.Table(file_name, "quarantine", header, rows)


_RULE_HELD = re.compile(r"(?:^|; )row: ")  # the reason the source's own rules gave (phases.validate names it "row")
_NAME_HELD = re.compile(r"(?:^|; )\w+: new (?:client|technician) name ")  # phases._hold_new's reason
REFUSE_HINT = ("correct the export (or its lookup files), then `moat snapshots rollback {sid}` and ingest it again "
               "(the same bytes would otherwise be reported as already loaded)")


def _source(details: dict[str, Any]) -> Source | None:
    """The declared source that shaped the snapshot's file (``None`` for generic files and mapping profiles)."""
    from moat.ingest.sources import BY_ID

    return BY_ID.get(str(details.get("source") or ""))


def _computed_fields(details: dict[str, Any], stored: dict[str, str]) -> set[str]:
    """Fields the source's row rules computed: mapped from a column the file itself does not have."""
    file_columns = set((details.get("source_columns") or {}).keys())
    return {f for c, f in stored.items() if f != mapping.IGNORE and c not in file_columns and f"{f} (" in c}


def _refusals(q: pl.DataFrame, details: dict[str, Any], source: Source | None) -> dict[int, str]:
    """quarantine_id -> why a retry cannot load that row as the original load would have."""
    if source is None:  # a generic file or a mapping profile: no row rules, nothing a retry could miss
        return {}
    name = source.name
    out: dict[int, str] = {}
    for qid, row, column, reason, raw in q.select("quarantine_id", "row_number", "column_name", "reason", "raw").iter_rows():
        rec = json.loads(raw) if raw else {}
        if column == "row" or _RULE_HELD.search(reason or "") or rec.get(REJECT):
            out[qid] = (f"row {row} was held by the row rules of {name}; a retry cannot re-apply them (its sibling rows "
                        "and lookups are not in the quarantine)")
        elif source.seats is not None:
            out[qid] = (f"row {row} counts users of a per-user seat report ({name}) against the licence lines loaded "
                        "then; a retry would write those stale lines back")
    return out


def retry(
    con: Connection, user: User, snapshot_id: int, profile: mapping.Profile | None = None, dayfirst: bool | None = None,
    base_currency: str = "USD",
) -> dict[str, Any]:
    """Re-process the open quarantine of one snapshot; returns the report of the new snapshot (or of nothing to do).

    Rows a retry cannot load as the clean load would have stay open and are listed under ``refused`` with the fix
    (see the module docstring); a corrected mapping of a field a source's row rules computed is refused outright.
    """
    require(user, "upload")
    snap = one(con, "SELECT dataset, file_name, status, CAST(details AS VARCHAR) FROM snapshots WHERE snapshot_id = ?", [snapshot_id])
    if snap is None:
        raise MoatError(f"there is no snapshot {snapshot_id}", "list them with `moat snapshots list`")
    dataset, file_name, status, details_json = snap
    if status != "active":
        raise MoatError(f"snapshot {snapshot_id} is {status}; its quarantine is not retried", "upload the file again instead")
    details = json.loads(details_json or "{}")
    stored = {str(k): str(v) for k, v in (details.get("columns") or {}).items()}
    source = _source(details)
    if profile is not None and source is not None:
        clash = sorted(_computed_fields(details, stored) & {t for t in profile.columns.values() if t != mapping.IGNORE})
        if clash:
            raise FileRejected(
                file_name, f"snapshot {snapshot_id} was shaped by the row rules of {source.name}, which computed {', '.join(clash)}; "
                "a corrected mapping of those fields would load the file's raw column past the rules (signs, tax, "
                "documents, monthly fees, sums)", REFUSE_HINT.format(sid=snapshot_id))
    q = frame(con, "SELECT quarantine_id, row_number, column_name, reason, CAST(raw AS VARCHAR) AS raw FROM quarantine "
                   "WHERE snapshot_id = ? AND status = 'open' AND reason NOT LIKE '%duplicate of row%' ORDER BY row_number",
              [snapshot_id])
    refused = _refusals(q, details, source) if q.height else {}
    held = q.filter(pl.col("quarantine_id").is_in(list(refused)))
    q = q.filter(~pl.col("quarantine_id").is_in(list(refused)))
    refused_rows = [{"row": r, "reason": f"{refused[qid]}: {why}", "fix": REFUSE_HINT.format(sid=snapshot_id)}
                    for qid, r, why in held.select("quarantine_id", "row_number", "reason").iter_rows()]
    nothing = {"file": file_name, "dataset": dataset, "retried_snapshot": snapshot_id, "rows_read": 0, "rows_loaded": 0,
               "rows_quarantined": 0, "snapshot_id": None, "errors": [], "rows_refused": len(refused_rows), "refused": refused_rows}
    if q.height == 0:
        return nothing
    merged = mapping.Profile(
        dataset=dataset,
        columns={**stored, **(profile.columns if profile else {})},
        dayfirst=profile.dayfirst if profile and profile.dayfirst is not None else {"dmy": True, "mdy": False}.get(details.get("date_order")),
        currency=profile.currency if profile else None,
        constants={**(details.get("constants") or {}), **(profile.constants if profile else {})},
    )
    label = file_name  # h43 F4: the file name stays the file's; the retry is the snapshot's ``retry_of`` (and audit)
    table = _table_from_raw(q, label)
    det = mapping.detect(table.header, label, merged, dataset)
    # rows that waited for a name confirmation keep waiting until it is given (a retry is no way around the setting)
    waiting = any(_NAME_HELD.search(r or "") for r in q["reason"].to_list())
    options = pipeline.Options(dataset=dataset, profile=merged, dayfirst=dayfirst, base_currency=base_currency,
                               confirm_new_names=waiting)
    ids = q["quarantine_id"].to_list()
    sha = hashlib.sha256(("retry:" + ",".join(map(str, ids))).encode()).hexdigest()
    prepared = pipeline.process(con, table, det, options, sha256=sha)
    if prepared.rows.height == 0 and prepared.rows_skipped == 0:  # h43 F4: every row held again -> no snapshot;
        # they stay open where they are (a row now skipped still goes through a snapshot, which closes it)
        return _nothing_loaded(con, user, nothing, q.height)

    def mark(c: Connection, new_snapshot: int) -> None:
        c.execute("UPDATE quarantine SET status = 'retried' WHERE quarantine_id IN (SELECT unnest(?::BIGINT[]))", [ids])

    # the retry's snapshot keeps the source it came from, so a retry of the retry follows the same rule
    origin = {k: details.get(k) for k in ("source", "source_name", "source_columns", "row_rules") if details.get(k)}
    result = commit(
        con, user, dataset, prepared.rows, file_name=label, sha256=sha, rows_read=prepared.rows_read,
        quarantine=prepared.quarantine, quality_score=prepared.quality["score"],
        details={**json.loads(json.dumps(prepared.details(), default=str)), **origin, "retry_of": snapshot_id}, on_commit=mark,
    )
    report = prepared.report(result.snapshot_id)
    report["retried_snapshot"] = snapshot_id
    report["rows_refused"], report["refused"] = len(refused_rows), refused_rows
    return report


def _nothing_loaded(con: Connection, user: User, report: dict[str, Any], retried: int) -> dict[str, Any]:
    """A retry that loads no row makes no snapshot (an empty one per click grew the list and the name, h43 F4).

    The rows stay open in their own snapshot's quarantine, unchanged; the attempt is audited (``quarantine_retry``).
    """
    sid = report["retried_snapshot"]
    report = {**report, "rows_read": retried, "rows_quarantined": retried,
              "note": f"nothing loaded: no snapshot was made; the {retried} row(s) stay in snapshot {sid}'s quarantine"}

    def write() -> None:
        with transaction(con):
            audit.append(con, user, "quarantine_retry", f"snapshot:{sid}",
                         {"rows_retried": retried, "rows_loaded": 0, "rows_refused": report["rows_refused"],
                          "snapshot_id": None})

    retry_conflicts(write)
    return report


def open_snapshots(con: Connection) -> list[int]:
    """Active snapshots that still have open quarantine rows."""
    df = frame(con, "SELECT DISTINCT q.snapshot_id FROM quarantine q JOIN snapshots s USING (snapshot_id) "
                    "WHERE q.status = 'open' AND s.status = 'active' ORDER BY 1")
    return df["snapshot_id"].to_list()
