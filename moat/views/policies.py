"""The Policies page (admins): the policy in force as a table a person reads, and saving the form's values (each
change validated first, then stored with one audit row per changed key)."""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.config import Config
from moat.db import Connection
from moat.governance import policies
from moat.governance.permissions import User

SAVED = "Policies saved (each change is in the audit trail)."


def current(con: Connection, cfg: Config | None = None) -> policies.Policy:
    return policies.get(con, cfg)


def table(policy: policies.Policy) -> pl.DataFrame:
    """key, value (as text: a list joined by commas) and meaning of each policy."""
    return pl.DataFrame([{**d, "value": ", ".join(d["value"]) if isinstance(d["value"], list) else str(d["value"])}
                         for d in policies.describe(policy)])


def save(con: Connection, user: User, values: dict[str, Any], cfg: Config | None = None) -> tuple[policies.Policy, str]:
    """Store the form's ``values`` (``MoatError`` naming the bad key when one does not parse; nothing is stored then)."""
    return policies.update(con, user, values, cfg), SAVED
