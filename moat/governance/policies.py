"""Admin-editable rules: when results need review, what Viewers may see, who may export what, DP budget and
whether a DP release needs a second admin's approval.

Stored as one row per changed key in ``policies`` (migration 003); anything not stored falls back to its
configured default (``review_confidence``), so changing moat.yaml still works until an admin pins a value. The DP
budget is the exception: configuration may only lower it (``get``); raising it is ``moat policy set dp_budget``. Other modules read ``get(con)`` (a small frozen object) and never the table.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from typing import Any

from moat.config import Config, _bool, _fraction  # one parser per kind of value, shared with settings
from moat.config import _positive_float as _positive
from moat.db import Connection, atomic, rows
from moat.errors import MoatError, PermissionDenied
from moat.formatting import percents_apart
from moat.governance import audit
from moat.governance.permissions import User, require

CLIENT_LEVEL_ENTITY_TYPES = ("client", "technician")
_METRIC = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


class PolicyError(MoatError):
    """A policy key is unknown or its value is invalid; nothing was changed."""

    exit_code = 2


@dataclass(frozen=True)
class Policy:
    review_confidence: float
    always_review_metrics: tuple[str, ...]
    viewers_see_client_rows: bool
    client_export_admin_only: bool
    dp_budget: float
    dp_requires_approval: bool

    def needs_review(self, metric: str, confidence: float | None) -> str | None:
        """Why a new result must wait for approval (None = it may be approved automatically)."""
        if metric in self.always_review_metrics:
            return f"policy: metric {metric} always needs approval"
        if confidence is None:
            return "no confidence could be computed"
        if confidence < self.review_confidence:
            shown, line = percents_apart(confidence, self.review_confidence)  # never "0.70 below 0.70" (h81)
            return f"confidence {shown} below the review threshold {line}"
        return None

    def needs_review_expr(self, metric: str = "metric", confidence: str = "confidence") -> Any:
        """``needs_review`` as a polars boolean expression over two columns (a run stores ~40k rows at scale 100;
        the reasons are worded by ``needs_review`` when a row is queued)."""
        import polars as pl

        conf = pl.col(confidence)
        return pl.col(metric).is_in(list(self.always_review_metrics)) | conf.is_null() | (conf < self.review_confidence)

    def client_rows_visible(self, user: User) -> bool:
        """Analysts and admins always; Viewers unless the policy restricts them to aggregates."""
        return user.can("view_client_level") or (user.role == "viewer" and self.viewers_see_client_rows)


def percent_words(fraction: Any) -> str:
    """A fraction policy as the percentage a person enters and reads, every digit set: 0.7 -> "70%", 0.725 ->
    "72.5%"."""
    return f"{round(float(fraction) * 100, 6):g}%"


def _metrics(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, (list, tuple)) else [v for v in re.split(r"[,\s]+", str(value)) if v]
    out = []
    for item in items:
        name = str(item).strip().lower()
        if not _METRIC.match(name):
            raise ValueError(f"{item!r} is not a metric name (lower-case letters, digits, _)")
        if name not in out:
            out.append(name)
    return tuple(sorted(out))


@dataclass(frozen=True)
class PolicyField:
    key: str
    parse: Callable[[Any], Any]
    doc: str
    percent: bool = False  # a fraction of one a person reads and enters as a percentage ("70%", not 0.7)


FIELDS: list[PolicyField] = [
    PolicyField("review_confidence", _fraction, "results below this confidence wait for approval (default: setting review_confidence)",
                percent=True),
    PolicyField("always_review_metrics", _metrics, "metrics that always need approval, e.g. anything shared externally"),
    PolicyField("viewers_see_client_rows", _bool, "Viewers see per-client rows (false = aggregates only)"),
    PolicyField("client_export_admin_only", _bool, "exports with per-client rows need an Admin (default false: Analysts may)"),
    PolicyField("dp_budget", _positive, "total epsilon each client-month may spend over all DP releases that describe it (default 3; the setting privacy_budget may only lower it)"),
    PolicyField("dp_requires_approval", _bool, "a DP release needs a request approved by another admin (four-eyes); "
                "default true in production mode, false in demo mode (one demo admin could never share)"),
]
_BY_KEY = {f.key: f for f in FIELDS}
assert set(_BY_KEY) == {f.name for f in fields(Policy)}


def defaults(cfg: Config) -> Policy:
    return Policy(
        review_confidence=float(cfg.review_confidence), always_review_metrics=(), viewers_see_client_rows=True,
        # Off by default: the permission table gives Analysts ``export_client_level`` and their daily work
        # (downloading quarantine and drill-down rows) needs it; an Admin can switch this on to tighten exports.
        client_export_admin_only=False, dp_budget=float(cfg.privacy_budget),
        # Data leaving the company on one person's say is the risk four-eyes exists for, so production asks for
        # a second admin by default; demo mode has a single demo admin and made-up data, so it does not.
        dp_requires_approval=getattr(cfg, "mode", "demo") == "production",
    )


def parse(key: str, value: Any) -> Any:
    """Validate one value (strings from the CLI/page are parsed); raises ``PolicyError`` naming the key."""
    field = _BY_KEY.get(key)
    if field is None:
        raise PolicyError(f"unknown policy {key!r}", f"policies are: {', '.join(_BY_KEY)}")
    try:
        return field.parse(value)
    except (TypeError, ValueError) as err:
        raise PolicyError(f"policy {key}: bad value {value!r}: {err}") from err


def builtin_budget() -> float:
    """The DP budget when no admin has set the policy ``dp_budget``: the built-in default of ``privacy_budget``.
    Configuration (moat.yaml, ``MOAT_PRIVACY_BUDGET``) may lower the budget below it, never raise it (h42 F6):
    raising what may leave the company is a governance decision, audited as ``policy_set``."""
    from moat import config as config_mod

    return float(config_mod._BY_NAME["privacy_budget"].default)


def get(con: Connection, cfg: Config | None = None, *, stored_only: bool = False) -> Policy:
    """The policy in force: stored values over configured defaults.

    The DP budget is the stored policy (else ``builtin_budget``), lowered by the setting ``privacy_budget`` when
    that is smaller: a setting nobody approved may tighten the guarantee, not loosen it. ``stored_only``: the
    policy as admins left it, without the setting's lowering (what ``update`` compares against)."""
    if cfg is None:
        from moat import config as config_mod

        cfg = config_mod.current()  # h70: `moat --config FILE` reaches it
    values = asdict(defaults(cfg))
    values["dp_budget"] = builtin_budget()
    for key, raw in rows(con, "SELECT key, CAST(value AS VARCHAR) FROM policies"):
        if key in _BY_KEY:
            values[key] = parse(key, json.loads(raw))
    if not stored_only and getattr(cfg, "source", {}).get("privacy_budget", "default") != "default":
        values["dp_budget"] = min(float(values["dp_budget"]), float(cfg.privacy_budget))
    return Policy(**values)


def update(con: Connection, user: User, changes: dict[str, Any], cfg: Config | None = None) -> Policy:
    """Validate every change first, then store them and one audit row per changed key in one transaction."""
    require(user, "manage_policies")
    parsed = {key: parse(key, value) for key, value in changes.items()}
    from moat.governance.login import now_utc

    def write() -> None:  # "before" read inside: after a conflict the audit rows say what the winner left
        before = get(con, cfg, stored_only=True)
        for key, value in parsed.items():
            old = getattr(before, key)
            if old == value:
                continue
            stored = list(value) if isinstance(value, tuple) else value
            con.execute(
                "INSERT INTO policies (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, "
                "updated_at = excluded.updated_at",
                [key, json.dumps(stored), user.name, now_utc()],
            )
            detail = {"from": list(old) if isinstance(old, tuple) else old, "to": stored}
            if _BY_KEY[key].percent:  # the stored fraction and the percentage the page showed (h112)
                detail |= {"from_percent": percent_words(old), "to_percent": percent_words(value)}
            audit.append(con, user, "policy_set", f"policy:{key}", detail)

    current = get(con, cfg, stored_only=True)
    if any(getattr(current, k) != v for k, v in parsed.items()):  # nothing to change: no write transaction
        atomic(con, write)
    return get(con, cfg)


def set_value(con: Connection, user: User, key: str, value: Any, cfg: Config | None = None) -> Policy:
    return update(con, user, {key: value}, cfg)


def require_client_export(con: Connection, user: User, cfg: Config | None = None) -> None:
    """Exports with per-client rows: the ``export_client_level`` permission, and Admin when the policy says so."""
    require(user, "export_client_level")
    if get(con, cfg).client_export_admin_only and user.role != "admin":
        raise PermissionDenied(user.name, user.role, "export_client_level")


def describe(policy: Policy) -> list[dict[str, Any]]:
    """Key, value and meaning of each policy (CLI `policy show`, Policies page)."""
    out = []
    for field in FIELDS:
        value = getattr(policy, field.key)
        out.append({"key": field.key, "value": list(value) if isinstance(value, tuple) else value, "doc": field.doc})
    return out
