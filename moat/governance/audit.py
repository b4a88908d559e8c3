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
from datetime import datetime, timezone
from typing import Any

from moat.db import Connection, one
from moat.governance.permissions import User

GENESIS = "0" * 64


def _canonical(seq: int, ts: str, user: str, role: str, action: str, obj: str | None, details: str) -> str:
    return json.dumps([seq, ts, user, role, action, obj, json.loads(details)], sort_keys=True, separators=(",", ":"))


def _hash(prev: str, payload: str) -> str:
    return hashlib.sha256((prev + payload).encode("utf-8")).hexdigest()


def append(con: Connection, user: User, action: str, obj: str | None = None, details: dict[str, Any] | None = None) -> int:
    """Append one audit row; returns its sequence number."""
    last = one(con, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    ts = datetime.now(timezone.utc).replace(tzinfo=None).isoformat(timespec="microseconds")
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
