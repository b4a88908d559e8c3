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


# Policies whose value is a fraction of one, shown as the percentage every other page prints ("70%", not "0.7").
PERCENT_POLICIES = {"review_confidence"}


def value_text(key: str, value: Any) -> str:
    """A policy's value as a person reads it: a list joined by commas, Yes / No (it read "True" / "False", h112), a
    confidence as a percentage, a number without trailing zeros."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if key in PERCENT_POLICIES and isinstance(value, (int, float)):
        return f"{value * 100:g}%"  # every digit set: 70%, 72.5%
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def table(policy: policies.Policy) -> pl.DataFrame:
    """key, value (as text, ``value_text``) and meaning of each policy."""
    return pl.DataFrame([{**d, "value": value_text(d["key"], d["value"])} for d in policies.describe(policy)])


def save(con: Connection, user: User, values: dict[str, Any], cfg: Config | None = None) -> tuple[policies.Policy, str]:
    """Store the form's ``values`` (``MoatError`` naming the bad key when one does not parse; nothing is stored then)."""
    return policies.update(con, user, values, cfg), SAVED
