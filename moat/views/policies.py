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


# Policies whose value is a fraction of one, shown and entered as the percentage every other page prints ("70%", not
# "0.7"): declared on the policy (``policies.PolicyField.percent``).
PERCENT_POLICIES = {field.key for field in policies.FIELDS if field.percent}


def form_value(key: str, value: Any) -> Any:
    """A policy's value as the form shows it: a percentage for ``PERCENT_POLICIES`` (0.7 -> 70.0)."""
    return round(float(value) * 100, 6) if key in PERCENT_POLICIES else value


def stored_value(key: str, value: Any) -> Any:
    """The form's value as the policy stores it: a percentage between 0 and 100 as its fraction (70 -> 0.7); a
    ``PolicyError`` naming the policy and what to enter otherwise (the form took 0.70 while every page said 70%,
    h112)."""
    if key not in PERCENT_POLICIES:
        return value
    try:
        percent = float(value)
    except (TypeError, ValueError):
        percent = float("nan")
    if not 0 <= percent <= 100:
        raise policies.PolicyError(f"policy {key}: {value!r} is not a percentage between 0 and 100",
                                   "enter the percentage, e.g. 70 for 70%")
    return percent / 100


def value_text(key: str, value: Any) -> str:
    """A policy's value as a person reads it: a list joined by commas, Yes / No (it read "True" / "False", h112), a
    confidence as a percentage, a number without trailing zeros."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if key in PERCENT_POLICIES and isinstance(value, (int, float)):
        return policies.percent_words(value)  # every digit set: 70%, 72.5%
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def table(policy: policies.Policy) -> pl.DataFrame:
    """key, value (as text, ``value_text``) and meaning of each policy."""
    return pl.DataFrame([{**d, "value": value_text(d["key"], d["value"])} for d in policies.describe(policy)])


def save(con: Connection, user: User, values: dict[str, Any], cfg: Config | None = None) -> tuple[policies.Policy, str]:
    """Store the form's ``values``, percentages entered as percentages (``stored_value``); ``MoatError`` naming the
    bad key when one does not parse, and nothing is stored then."""
    return policies.update(con, user, {key: stored_value(key, value) for key, value in values.items()}, cfg), SAVED
