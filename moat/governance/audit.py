"""The audit trail: an append-only, hash-chained log of everything that changes state or leaves the company.

hash = SHA-256 over the canonical JSON of (seq, ts, user, role, action, object, details) and the previous hash,
so editing, deleting or reordering any row breaks the chain from that row on. There is deliberately no update or
delete function here. ``append`` must be called inside the caller's transaction so the action and its audit row
land together or not at all.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import polars as pl

from moat.db import Connection, frame, one, rows, transaction
from moat.governance.permissions import User, require

GENESIS = "0" * 64


def _canonical(seq: int, ts: str, user: str, role: str, action: str, obj: str | None, details: str) -> str:
    return json.dumps([seq, ts, user, role, action, obj, json.loads(details)], sort_keys=True, separators=(",", ":"))


def _hash(prev: str, payload: str) -> str:
    return hashlib.sha256((prev + payload).encode("utf-8")).hexdigest()


def append(con: Connection, user: User, action: str, obj: str | None = None, details: dict[str, Any] | None = None) -> int:
    """Append one audit row; returns its sequence number."""
    last = one(con, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    ts = datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    details_json = json.dumps(details or {}, sort_keys=True, default=str)
    digest = _hash(prev, _canonical(seq, ts, user.name, user.role, action, obj, details_json))
    con.execute(
        "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [seq, ts, user.name, user.role, action, obj, details_json, prev, digest],
    )
    return seq


@dataclass(frozen=True)
class Verification:
    ok: bool
    rows: int
    first_broken_seq: int | None = None
    reason: str | None = None
    recorded_seq: int | None = None  # the 'verify_audit' row that records this check (``verify_and_record``)


def verify(con: Connection) -> Verification:
    """Recompute the chain; report the first row whose link or hash does not hold."""
    rows = con.execute(
        "SELECT seq, strftime(ts, '%Y-%m-%dT%H:%M:%S.%f'), user_name, role, action, object, CAST(details AS VARCHAR), prev_hash, hash "
        "FROM audit_log ORDER BY seq"
    ).fetchall()
    prev = GENESIS
    for index, (seq, ts, user, role, action, obj, details, prev_hash, digest) in enumerate(rows, start=1):
        if seq != index:
            return Verification(False, len(rows), seq, f"sequence gap or reorder: expected {index}, found {seq}")
        if prev_hash != prev:
            return Verification(False, len(rows), seq, "previous-hash link broken (a row before it was changed or removed)")
        if _hash(prev, _canonical(seq, ts, user, role, action, obj, details)) != digest:
            return Verification(False, len(rows), seq, "row content does not match its hash (edited)")
        prev = digest
    return Verification(True, len(rows))


def verify_and_record(con: Connection, user: User) -> Verification:
    """Verify the chain and, only when it is intact, append a ``verify_audit`` row saying so.

    The row is what the System page reads as "last audit verification", so a check from the CLI counts as much
    as one from the page. A broken chain gets nothing appended: a new row would hash onto a link that is known
    to be bad, and would let "last verification" look recent while the chain needs restoring from a backup.
    Verification and append share one transaction, so the recorded row count is the chain the row extends.
    """
    require(user, "read_audit")
    with transaction(con):
        result = verify(con)
        if not result.ok:
            return result
        seq = append(con, user, "verify_audit", "audit_log",
                     {"ok": True, "rows": result.rows, "first_broken_seq": None, "reason": None})
    return Verification(True, result.rows, recorded_seq=seq)


def entries(
    con: Connection,
    user: User,
    *,
    action: str | None = None,
    user_name: str | None = None,
    search: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> pl.DataFrame:
    """Audit rows, newest first, filtered (Audit page and `moat audit list`). Needs ``read_audit``.

    ``search`` matches case-insensitively anywhere in action, object, user or details; ``since``/``until`` are
    ISO dates or timestamps (``until`` as a date includes that whole day).
    """
    require(user, "read_audit")
    conditions, params = [], []
    if action:
        conditions.append("action = ?")
        params.append(action)
    if user_name:
        conditions.append("user_name = ?")
        params.append(user_name)
    if search:
        conditions.append("(action || ' ' || coalesce(object, '') || ' ' || user_name || ' ' || coalesce(CAST(details AS VARCHAR), '')) ILIKE ?")
        params.append(f"%{search}%")
    if since:
        conditions.append("ts >= CAST(? AS TIMESTAMP)")
        params.append(since)
    if until:
        conditions.append("ts < CAST(? AS TIMESTAMP) + (CASE WHEN length(?) <= 10 THEN INTERVAL 1 DAY ELSE INTERVAL 0 DAY END)")
        params.extend([until, until])
    where = " AND ".join(conditions) or "true"
    sql = (
        "SELECT seq, ts, user_name, role, action, object, CAST(details AS VARCHAR) AS details, prev_hash, hash "
        f"FROM audit_log WHERE {where} ORDER BY seq DESC"
    )
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return frame(con, sql, params)


def actions(con: Connection) -> list[str]:
    """Distinct actions present (for the Audit page's filter)."""
    return [r[0] for r in rows(con, "SELECT DISTINCT action FROM audit_log ORDER BY action")]
