"""Saved mapping profiles: what an analyst mapped once in the Upload page, reused for the next export of that shape."""

from __future__ import annotations

import json

import polars as pl

from moat.db import Connection, atomic, frame, scalar
from moat.errors import MoatError
from moat.governance import audit
from moat.governance.permissions import User, require
from moat.ingest.mapping import Profile, load_profile


def save(con: Connection, user: User, name: str, profile: Profile) -> None:
    require(user, "map")
    if not name.strip():
        raise MoatError("a mapping profile needs a name", "e.g. 'ConnectWise time entries'")
    if not profile.dataset:
        raise MoatError("a mapping profile needs its dataset")
    checked = load_profile(profile.as_dict())  # same checks as a YAML file
    from moat.snapshots import now_utc

    def write() -> None:
        con.execute("DELETE FROM mapping_profiles WHERE name = ?", [name])
        con.execute("INSERT INTO mapping_profiles VALUES (?, ?, ?, ?, ?)",
                    [name, checked.dataset, json.dumps(checked.as_dict()), user.name, now_utc()])
        audit.append(con, user, "mapping_save", f"mapping:{name}", {"dataset": checked.dataset})

    atomic(con, write)


def get(con: Connection, name: str) -> Profile:
    text = scalar(con, "SELECT CAST(profile AS VARCHAR) FROM mapping_profiles WHERE name = ?", [name])
    if text is None:
        raise MoatError(f"there is no mapping profile {name!r}")
    return load_profile(json.loads(text))


def list_profiles(con: Connection) -> pl.DataFrame:
    return frame(con, "SELECT name, dataset, created_by, created_at FROM mapping_profiles ORDER BY name")
