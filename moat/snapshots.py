"""Snapshots: every load is one, and "current data" is derived from them.

A dataset's current data holds, for each natural key (``row_key``), the row of the newest active snapshot that
has it, unless a newer snapshot declared itself the full truth for a date range covering that row. The flag
``is_current`` materialises this so metrics read a plain filtered table (fast at 1M rows); ``commit`` updates it
incrementally, ``recompute_current`` rebuilds it from the definition (used by rollback, and by tests to check the
incremental path agrees).

One commit = one transaction: rows, quarantine, snapshot row and audit row land together or not at all.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from moat.clock import now_utc  # re-exported: callers import it from here too
from moat.datasets import DATASETS, KEY_COLUMNS, SYSTEM_COLUMNS, get
from moat.db import Connection, atomic, frame, one, retry_conflicts, scalar, transaction
from moat.errors import MoatError
from moat.governance import audit
from moat.governance.permissions import User, require

# Column that a replace-range covers, per dataset table (identifiers from this allow-list only).
_RANGE_COLUMN = {"time_entries": "date", "invoices": "date", "costs": "date", "licenses": "coalesce(month, start_date)"}


# A snapshot that stored rows or quarantined them; one whose every row was skipped holds nothing to load twice.
STORED_SOMETHING = "(rows_loaded > 0 OR rows_quarantined > 0)"


class AlreadyLoaded(MoatError):
    """The same bytes were committed before; nothing was written."""

    exit_code = 0

    def __init__(self, file_name: str, snapshot_id: int) -> None:
        self.snapshot_id = snapshot_id
        super().__init__(f"{file_name} was already loaded as snapshot {snapshot_id}; nothing was loaded twice")


@dataclass(frozen=True)
class Commit:
    snapshot_id: int
    rows_loaded: int
    rows_quarantined: int


# Columns beside the canonical fields that ingestion may fill (migrations/010_fx_rates.sql): the currency and
# amounts as the file wrote them when they were converted to the base currency, and the rate used.
FX_COLUMNS: dict[str, tuple[str, ...]] = {
    "invoices": ("original_currency", "original_amount", "fx_rate"),
    "costs": ("original_currency", "original_amount", "fx_rate"),
    "licenses": ("original_currency", "original_unit_cost", "original_unit_price", "fx_rate"),
}


def _table(dataset: str) -> str:
    get(dataset)  # raises for unknown names: table identifiers come only from DATASETS
    return dataset


def stored_columns(dataset: str) -> list[str]:
    d = get(dataset)
    return list(SYSTEM_COLUMNS) + list(KEY_COLUMNS[dataset]) + d.field_names


def commit(
    con: Connection,
    user: User,
    dataset: str,
    rows: pl.DataFrame,
    *,
    file_name: str,
    sha256: str,
    rows_read: int,
    quarantine: pl.DataFrame | None = None,
    quality_score: float | None = None,
    replace_range: tuple[date, date] | None = None,
    details: dict[str, Any] | None = None,
    on_commit: Callable[[Connection, int], None] | None = None,
) -> Commit:
    """Store ``rows`` (canonical fields + resolved keys + ``row_key`` + ``source_row``) as a new snapshot.

    ``quarantine`` holds the rejected rows (file_name, row_number, column_name, value, reason, raw).
    ``on_commit(con, snapshot_id)`` runs inside the same transaction (a quarantine retry marks the rows it
    re-processed there, so the new snapshot and that bookkeeping land together or not at all).
    """
    require(user, "upload")
    table = _table(dataset)
    if replace_range is not None and table not in _RANGE_COLUMN:
        raise MoatError(f"{dataset} has no dates, so it cannot replace a date range", "load it without --replace-range")
    quarantine = quarantine if quarantine is not None else pl.DataFrame()
    columns = [c for c in stored_columns(dataset) if c not in ("snapshot_id", "is_current")]
    columns += [c for c in FX_COLUMNS.get(dataset, ()) if c in rows.columns]
    missing = [c for c in columns if c not in rows.columns]
    incoming = rows.with_columns([pl.lit(None).alias(c) for c in missing]).select(columns)

    def write() -> int:
        with transaction(con):
            existing = scalar(
                con,
                "SELECT snapshot_id FROM snapshots WHERE dataset = ? AND sha256 = ? AND status = 'active' "
                f"AND {STORED_SOMETHING} ORDER BY snapshot_id LIMIT 1",
                [dataset, sha256],
            )
            if existing is not None:
                raise AlreadyLoaded(file_name, existing)
            snapshot_id = scalar(con, "SELECT nextval('snapshot_seq')")
            con.execute(
                "INSERT INTO snapshots (snapshot_id, dataset, file_name, sha256, user_name, created_at, rows_read, rows_loaded,"
                " rows_quarantined, quality_score, replace_from, replace_to, status, details) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?)",
                [
                    snapshot_id, dataset, file_name, sha256, user.name, now_utc(), rows_read, incoming.height,
                    quarantine.height, quality_score,
                    replace_range[0] if replace_range else None, replace_range[1] if replace_range else None,
                    json.dumps(details or {}, default=str),
                ],
            )
            # Arrow string views are polars' own strings: DuckDB reads them as they are. A bare frame is converted with
            # to_arrow()'s default, large strings, copying every string first (0.1-0.16 s of CPU for 1M rows, before
            # DuckDB starts).
            con.register("_moat_incoming", incoming.to_arrow(compat_level=pl.CompatLevel.newest()))
            try:
                insert = f"INSERT INTO {table} BY NAME SELECT ?::BIGINT AS snapshot_id, true AS is_current, * FROM _moat_incoming"
                con.execute(insert, [snapshot_id])
            finally:
                con.unregister("_moat_incoming")
            # The first load of a dataset has nothing to supersede: skip a join over every row it brought.
            earlier = scalar(con, f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE is_current AND snapshot_id <> ? LIMIT 1)",
                             [snapshot_id])
            if earlier:
                supersede = (
                    f"UPDATE {table} SET is_current = false WHERE is_current AND snapshot_id <> ? "
                    f"AND row_key IN (SELECT row_key FROM {table} WHERE snapshot_id = ?)"
                )
                con.execute(supersede, [snapshot_id, snapshot_id])
            if replace_range is not None:
                ranged = (
                    f"UPDATE {table} SET is_current = false WHERE is_current AND snapshot_id <> ? "
                    f"AND {_RANGE_COLUMN[table]} BETWEEN ? AND ?"
                )
                con.execute(ranged, [snapshot_id, replace_range[0], replace_range[1]])
            if quarantine.height:
                store_quarantine(con, quarantine, snapshot_id=snapshot_id, dataset=dataset)
            if on_commit is not None:
                on_commit(con, snapshot_id)
            audit.append(
                con, user, "commit", f"snapshot:{snapshot_id}",
                {"dataset": dataset, "file": file_name, "sha256": sha256, "rows_read": rows_read,
                 "rows_loaded": incoming.height, "rows_quarantined": quarantine.height,
                 "replace_range": [str(d) for d in replace_range] if replace_range else None,
                 **({"retry_of": details["retry_of"]} if details and details.get("retry_of") else {})},
            )
        return snapshot_id

    # A concurrent commit (another session, same key or the audit chain's next seq) rolls this one back whole:
    # run it again rather than fail the upload.
    snapshot_id = retry_conflicts(write)
    return Commit(snapshot_id, incoming.height, quarantine.height)


def store_quarantine(con: Connection, quarantine: pl.DataFrame, *, snapshot_id: int | None, dataset: str | None) -> None:
    """Append rejected rows (caller holds the transaction)."""
    q = quarantine
    for column in ("file_name", "row_number", "column_name", "value", "reason", "raw"):
        if column not in q.columns:
            q = q.with_columns(pl.lit(None).alias(column))
    q = q.select(
        pl.col("file_name").cast(pl.Utf8), pl.col("row_number").cast(pl.Int64), pl.col("column_name").cast(pl.Utf8),
        pl.col("value").cast(pl.Utf8), pl.col("reason").cast(pl.Utf8), pl.col("raw").cast(pl.Utf8),
    )
    con.register("_moat_quarantine", q)
    try:
        con.execute(
            "INSERT INTO quarantine (quarantine_id, snapshot_id, dataset, file_name, row_number, column_name, value, reason, raw, status, created_at) "
            "SELECT nextval('quarantine_seq'), ?, ?, file_name, row_number, column_name, value, reason, raw, 'open', ? FROM _moat_quarantine",
            [snapshot_id, dataset, now_utc()],
        )
    finally:
        con.unregister("_moat_quarantine")


def recompute_current(con: Connection, dataset: str) -> None:
    """Rebuild ``is_current`` for a dataset from the definition (caller holds the transaction)."""
    table = _table(dataset)
    range_col = _RANGE_COLUMN.get(table, "NULL")
    sql = f"""
        WITH active AS (
            SELECT snapshot_id, replace_from, replace_to FROM snapshots WHERE dataset = ? AND status = 'active'
        ),
        newest AS (
            SELECT t.rowid AS rid, t.snapshot_id, {range_col} AS d FROM {table} t JOIN active a USING (snapshot_id)
            QUALIFY row_number() OVER (PARTITION BY t.row_key ORDER BY t.snapshot_id DESC) = 1
        ),
        alive AS (
            SELECT rid FROM newest n WHERE NOT EXISTS (
                SELECT 1 FROM active a WHERE a.snapshot_id > n.snapshot_id AND a.replace_from IS NOT NULL
                AND n.d BETWEEN a.replace_from AND a.replace_to)
        )
        UPDATE {table} SET is_current = (rowid IN (SELECT rid FROM alive))
    """
    con.execute(sql, [dataset])


def rollback(con: Connection, user: User, snapshot_id: int) -> str:
    """Undo a snapshot: what was current before it becomes current again. Returns its dataset."""
    require(user, "rollback")

    def write() -> str:  # checked inside: two admins rolling back the same upload at once undo it once
        row = one(con, "SELECT dataset, status FROM snapshots WHERE snapshot_id = ?", [snapshot_id])
        if row is None:
            raise MoatError(f"there is no snapshot {snapshot_id}", "list them with `moat snapshots list`")
        dataset, status = row
        if status != "active":
            raise MoatError(f"snapshot {snapshot_id} is already {status}")
        con.execute("UPDATE snapshots SET status = 'rolled_back' WHERE snapshot_id = ?", [snapshot_id])
        recompute_current(con, dataset)
        audit.append(con, user, "rollback", f"snapshot:{snapshot_id}", {"dataset": dataset})
        return dataset

    return atomic(con, write)


def list_snapshots(con: Connection, dataset: str | None = None) -> pl.DataFrame:
    return frame(
        con,
        "SELECT snapshot_id, dataset, file_name, user_name, created_at, rows_read, rows_loaded, rows_quarantined, "
        "quality_score, replace_from, replace_to, status FROM snapshots WHERE ? IS NULL OR dataset = ? ORDER BY snapshot_id",
        [dataset, dataset],
    )


def diff(con: Connection, old: int, new: int) -> dict[str, pl.DataFrame]:
    """Rows added, removed and changed between two snapshots of one dataset (by natural key)."""
    datasets = {r[0] for r in con.execute("SELECT dataset FROM snapshots WHERE snapshot_id IN (?, ?)", [old, new]).fetchall()}
    if len(datasets) != 1:
        raise MoatError(f"snapshots {old} and {new} are not two snapshots of one dataset", "see `moat snapshots list`")
    table = _table(datasets.pop())
    fields = ", ".join(DATASETS[table].field_names)
    base = f"SELECT row_key, md5(CAST(ROW({fields}) AS VARCHAR)) AS h, * EXCLUDE (snapshot_id, is_current, source_row) FROM {table} WHERE snapshot_id = ?"
    a = frame(con, base, [old])
    b = frame(con, base, [new])
    added = b.join(a.select("row_key"), on="row_key", how="anti").drop("h")
    removed = a.join(b.select("row_key"), on="row_key", how="anti").drop("h")
    both = b.join(a.select("row_key", pl.col("h").alias("h_old")), on="row_key", how="inner")
    changed = both.filter(pl.col("h") != pl.col("h_old")).drop("h", "h_old")
    return {"added": added, "removed": removed, "changed": changed}


# Content keys (rows of a file without ids). The key is ``c:`` + MD5 (RFC 1321, hex) of the row's canonical
# content string + ``#`` + its occurrence number among identical id-less rows of that file (0, 1, ... in file
# order), so two identical 1-hour password resets on one day stay two rows. The canonical string is DuckDB's
# ``CAST(value AS VARCHAR)`` of each content column (dates ``2026-10-01``, money and hours at their stored
# scale ``1.5000``, booleans ``true``), NULL written as U+2400, joined by U+241F, in the order of
# ``CONTENT_COLUMNS``. Both MD5 and that text form are fixed by standards/SQL, not by a library version (the
# old key used polars' ``hash()``, which polars may change between releases: re-exports would then look new).
# Money columns hold the value *as written in the file* (before any currency conversion), so loading a better
# exchange rate never changes a row's identity. ``migrations/010_fx_rates.sql`` re-keys rows stored under the
# old polars key with the very same expression; a test pins the key of a known row to a literal.
CONTENT_SEPARATOR = "\u241f"
CONTENT_NULL = "\u2400"
CONTENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "time_entries": ("technician_key", "client_key", "date", "hours", "billable", "work_type", "notes", "cost_rate", "bill_rate"),
    "invoices": ("client_key", "date", "amount", "currency", "category", "status"),
    "costs": ("client_key", "date", "amount", "category"),
}


def content_sql(columns: list[str] | tuple[str, ...]) -> str:
    """SQL for the canonical content string of ``columns`` (identifiers from ``CONTENT_COLUMNS`` only)."""
    for c in columns:
        if not c.isidentifier():
            raise MoatError(f"not a column name: {c!r}")
    parts = ", ".join(f"coalesce(CAST(\"{c}\" AS VARCHAR), '{CONTENT_NULL}')" for c in columns)
    return f"concat_ws('{CONTENT_SEPARATOR}', {parts})"


def content_key(con: Connection, frame_: pl.DataFrame, columns: list[str] | tuple[str, ...]) -> pl.Series:
    """Key for id-less rows (see ``CONTENT_COLUMNS``): stable MD5 of the content plus the occurrence number.

    DuckDB builds the text form and hashes it (vectorised, multi-threaded; the same SQL the migration uses).
    Occurrence numbers are computed only for the rows whose hash repeats — usually none or few — because
    numbering a million distinct groups costs more than the hashing itself.
    """
    if frame_.height == 0:
        return pl.Series("row_key", [], dtype=pl.Utf8)
    con.register("_moat_content", frame_.select(columns).with_row_index("__n"))
    try:
        hashed = frame(con, f"SELECT __n, md5({content_sql(columns)}) AS h FROM _moat_content")
    finally:
        con.unregister("_moat_content")
    if not hashed["__n"].is_sorted():  # DuckDB keeps scan order (preserve_insertion_order); never rely on it blindly
        hashed = hashed.sort("__n")
    digest = hashed["h"]
    occurrence = pl.Series("n", [0], dtype=pl.UInt32).extend_constant(0, digest.len() - 1)
    repeated = digest.is_duplicated() if digest.n_unique() < digest.len() else None
    if repeated is not None:
        positions = repeated.arg_true()
        numbered = pl.DataFrame({"h": digest[positions]}).select(pl.int_range(pl.len(), dtype=pl.UInt32).over("h").alias("n"))
        occurrence = occurrence.scatter(positions, numbered["n"])
    return pl.select((pl.lit("c:") + pl.lit(digest) + pl.lit("#") + pl.lit(occurrence).cast(pl.Utf8)).alias("row_key")).to_series()


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def snapshot_ids(con: Connection) -> list[int]:
    """Active snapshot ids: the data version every result records."""
    return [r[0] for r in con.execute("SELECT snapshot_id FROM snapshots WHERE status = 'active' ORDER BY snapshot_id").fetchall()]


def data_version(con: Connection) -> str:
    """A token that changes whenever the current data or what is derived from it changes (caches key on it).

    Here rather than in ``moat.db``: it is defined by the snapshots, aliases and quarantine tables' meaning.

    Snapshots (uploads, rollbacks) change the rows; confirmed aliases and the quarantine change the name-match part
    of every confidence without a new snapshot, so they count too.

    h102: the counts alone repeat after a backup is restored: restore the backup of snapshot 6, load another file,
    and snapshot 7 is back with other rows, so the answer cache (on disk, 30 days) served the answers computed on the
    replaced file's snapshot 7 (exit 0, the discarded invoices' revenue). Every snapshot's file hash, time and
    status, hashed, tell two such histories apart (a restore by copying the file too).
    """
    row = one(con, """
        SELECT (SELECT coalesce(max(snapshot_id), 0) FROM snapshots), (SELECT count(*) FROM snapshots),
            (SELECT count(*) FILTER (WHERE status <> 'active') FROM snapshots),
            (SELECT count(*) FROM aliases), (SELECT coalesce(epoch_ms(max(created_at)), 0) FROM aliases),
            (SELECT count(*) FROM quarantine), (SELECT count(*) FILTER (WHERE status = 'open') FROM quarantine),
            (SELECT coalesce(left(md5(string_agg(concat_ws('|', snapshot_id, sha256, epoch_us(created_at), status), ','
                                                 ORDER BY snapshot_id)), 12), '') FROM snapshots)
    """)
    return f"{row[0]}-{row[1]}-{row[2]}-a{row[3]}.{row[4]}-q{row[5]}.{row[6]}-h{row[7]}"
