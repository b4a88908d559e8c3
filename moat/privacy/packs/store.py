"""Packs as stored: peers' packs imported (validated, once per content, audited) and this MSP's past releases."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from moat.db import Connection, atomic, frame, scalar
from moat.errors import MoatError
from moat.governance import audit
from moat.governance.permissions import User, require
from moat.privacy.packs.validation import validate


class AlreadyImported(MoatError):
    """The same pack bytes were imported before; nothing was stored twice."""

    exit_code = 0


def import_pack(con: Connection, user: User, data: bytes, name: str = "pack", label: str | None = None) -> int:
    """Validate and store a peer's pack; returns its pack id. The same bytes twice are stored once."""
    require(user, "upload")
    pack = validate(data, name)
    sha = hashlib.sha256(data).hexdigest()
    shown = (label or pack["label"] or Path(name).stem)[:200]

    def write() -> int:  # checked inside: the same pack imported twice at once is stored once
        existing = scalar(con, "SELECT pack_id FROM benchmark_packs WHERE sha256 = ?", [sha])
        if existing is not None:
            raise AlreadyImported(f"{name} was already imported as pack {existing}; nothing was imported twice")
        pack_id = int(scalar(con, "SELECT nextval('benchmark_pack_seq')"))
        con.execute(
            "INSERT INTO benchmark_packs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [pack_id, sha, shown, pack["schema_version"], float(pack["privacy"]["epsilon"]), float(pack["privacy"]["alpha"]),
             pack["period"]["start"], pack["period"]["end"], pack["grouping"], user.name,
             datetime.now(UTC).replace(tzinfo=None), json.dumps(pack)],
        )
        for v in pack["values"]:
            con.execute("INSERT INTO benchmark_values VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [pack_id, v["metric"], v["segment"], v["value"], v["low"], v["high"], v["accuracy"]])
        audit.append(con, user, "benchmark_import", f"benchmark_pack:{pack_id}",
                     {"file": name, "sha256": sha, "values": len(pack["values"]), "epsilon": pack["privacy"]["epsilon"]})
        return pack_id

    return atomic(con, write)


def list_packs(con: Connection) -> pl.DataFrame:
    return frame(con, "SELECT pack_id, label, period_start, period_end, grouping, epsilon, alpha, imported_by, imported_at "
                      "FROM benchmark_packs ORDER BY pack_id")


def peer_values(con: Connection) -> pl.DataFrame:
    return frame(con, """
        SELECT p.pack_id, p.label, p.period_start, p.period_end, p.epsilon, p.alpha, v.metric, v.segment,
               v.value, v.low, v.high, v.accuracy
        FROM benchmark_values v JOIN benchmark_packs p USING (pack_id) ORDER BY v.metric, v.segment, p.pack_id""")


def release_pack(con: Connection, user: User, release_id: int) -> dict[str, Any]:
    """A past release's pack (noisy values only), for downloading again without spending budget."""
    require(user, "share_dp")
    raw = scalar(con, "SELECT CAST(pack AS VARCHAR) FROM dp_releases WHERE release_id = ?", [release_id])
    if raw is None:
        raise MoatError(f"there is no release {release_id}", "see the Share page or `moat privacy budget`")
    return json.loads(raw)


def list_releases(con: Connection, user: User) -> pl.DataFrame:
    require(user, "share_dp")
    return frame(con, """
        SELECT r.release_id, l.created_at, l.user_name, l.epsilon, l.description
        FROM dp_releases r JOIN dp_ledger l USING (release_id) ORDER BY r.release_id DESC""")
