"""The privacy-budget ledger: how much epsilon the company's data has spent, persisted in DuckDB.

OpenDP's own accounting lives in memory and forgets everything at restart; the ledger does not. Each release
records the *snapshot set* it read (the active snapshot ids), and the budget is kept per snapshot: every release
spends its epsilon on each uploaded file it read, and a release is refused when some file it would read has less
than its epsilon left. A snapshot is known by its file's content (sha256), so rolling an upload back and loading
the same bytes again does not refill it either.

Why per snapshot and not per set: the set changes with every upload, so a budget per set was refilled by each
monthly export while the older months, the same clients, stayed in the data; privacy loss about them adds up
across all releases that read them (sequential composition), and now so does their budget.

Concurrency: ``debit`` runs inside the caller's transaction and first UPDATEs the set's ``dp_budget`` row, then
checks the total. Two transactions debiting one set write the same row, so DuckDB refuses the second
("conflict on update"); ``retrying`` runs the whole release again, which then sees the committed spend. So the
check and the insert are atomic and concurrent releases cannot overspend. Releases over two different sets that
share files are serialised by ``_LOCK`` within one process, which is all a local DuckDB file allows; on a shared
DuckDB service, two app servers releasing at the same instant over different sets could each fit in the last
epsilon of a file they share.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from moat.clock import now_utc  # re-exported: callers import it from here too
from moat.db import Connection, Error, rows, scalar, transaction
from moat.errors import BudgetExceeded, MoatError, WriteConflict
from moat.governance.permissions import User
from moat.snapshots import snapshot_ids

TOLERANCE = 1e-9  # float sums of epsilons (0.1 x 30) must not refuse the last release that exactly fits
T = TypeVar("T")
_LOCK = threading.Lock()


def current_set(con: Connection) -> str:
    """Canonical text of the active snapshot ids (what dp_ledger.snapshot_set stores)."""
    return json.dumps(snapshot_ids(con), separators=(",", ":"))


def total_budget(con: Connection, cfg: Any | None = None) -> float:
    """The policy's dp_budget (admins may change it), else the setting privacy_budget."""
    try:
        from moat.governance import policies
    except ImportError:  # governance policies not installed: the configured default
        policies = None
    if policies is not None:
        return float(policies.get(con, cfg).dp_budget)
    if cfg is None:
        from moat import config as config_mod

        cfg = config_mod.load()
    return float(cfg.privacy_budget)


# Epsilon spent on each file (sha256) of a snapshot set, over every release that read it; the largest is what the
# set has spent. A release counts once per file even if its set named the file twice.
_SPENT_SQL = """
WITH mine AS (
    SELECT DISTINCT s.sha256 FROM snapshots s WHERE list_contains(from_json(?, '["BIGINT"]'), s.snapshot_id)
),
read AS (
    SELECT DISTINCT l.release_id, l.epsilon, s.sha256
    FROM (SELECT release_id, epsilon, unnest(from_json(snapshot_set, '["BIGINT"]')) AS snapshot_id FROM dp_ledger) l
    JOIN snapshots s USING (snapshot_id)
)
SELECT coalesce(max(total), 0) FROM (SELECT sha256, sum(epsilon) AS total FROM read JOIN mine USING (sha256) GROUP BY sha256)
"""


def spent(con: Connection, snapshot_set: str) -> float:
    """Epsilon already spent on the data of ``snapshot_set``: the most any of its files has spent."""
    return float(scalar(con, _SPENT_SQL, [snapshot_set]))


def released(con: Connection, snapshot_set: str) -> float:
    """Epsilon of the releases made over exactly this set."""
    return float(scalar(con, "SELECT coalesce(sum(epsilon), 0) FROM dp_ledger WHERE snapshot_set = ?", [snapshot_set]))


def remaining(con: Connection, cfg: Any | None = None, snapshot_set: str | None = None) -> float:
    sset = snapshot_set or current_set(con)
    return max(0.0, total_budget(con, cfg) - spent(con, sset))


def _ensure_row(con: Connection, snapshot_set: str) -> None:
    """Create the set's budget row (from the ledger, for sets debited before it existed); racing creators are fine."""
    for attempt in range(8):
        if scalar(con, "SELECT count(*) FROM dp_budget WHERE snapshot_set = ?", [snapshot_set]):
            return
        try:
            with transaction(con):
                con.execute(
                    "INSERT INTO dp_budget (snapshot_set, spent, releases, updated_at) "
                    "SELECT ?, coalesce(sum(epsilon), 0), count(*), ? FROM dp_ledger WHERE snapshot_set = ? "
                    "ON CONFLICT (snapshot_set) DO NOTHING",
                    [snapshot_set, now_utc(), snapshot_set],
                )
            return
        except (Error, WriteConflict):  # another connection created it at the same moment: look again
            if attempt == 7:
                raise
            time.sleep(0.01 * (attempt + 1))


def debit(con: Connection, user: User, snapshot_set: str, epsilon: float, total: float, description: str) -> int:
    """Record ``epsilon`` against ``snapshot_set`` or raise ``BudgetExceeded``. Caller holds the transaction.

    Returns the new release id. The UPDATE comes first so that a concurrent debit conflicts here.
    """
    con.execute(
        "UPDATE dp_budget SET spent = spent + ?, releases = releases + 1, updated_at = ? WHERE snapshot_set = ?",
        [epsilon, now_utc(), snapshot_set],
    )
    already = spent(con, snapshot_set)
    if already + epsilon > total + TOLERANCE:
        left = max(0.0, total - already)
        err = BudgetExceeded(
            f"refused: this release needs epsilon {epsilon:g} but only {left:g} of the privacy budget {total:g} remains "
            f"for the current data (snapshot set {snapshot_set}); nothing was released",
            "choose a smaller epsilon or fewer metrics, or ask an admin to raise the dp_budget policy",
        )
        err.remaining = left  # type: ignore[attr-defined]
        err.spent = already  # type: ignore[attr-defined]
        raise err
    release_id = scalar(con, "SELECT nextval('release_seq')")
    con.execute(
        "INSERT INTO dp_ledger (release_id, snapshot_set, epsilon, delta, user_name, created_at, description) "
        "VALUES (?, ?, ?, 0, ?, ?, ?)",
        [release_id, snapshot_set, epsilon, user.name, now_utc(), description],
    )
    return int(release_id)


def retrying(con: Connection, snapshot_set: str, work: Callable[[], T], attempts: int = 20) -> T:
    """Run ``work`` (one transaction that debits) again when a concurrent debit won the row.

    Within one process releases also take ``_LOCK`` so that sessions of one app server queue rather than
    conflict over and over; the database conflict remains the guarantee across processes (a shared DuckDB).
    """
    _ensure_row(con, snapshot_set)
    for attempt in range(attempts):
        try:
            with _LOCK:
                return work()
        except (Error, WriteConflict) as err:
            if (not isinstance(err, WriteConflict) and "conflict" not in str(err).lower()) or attempt == attempts - 1:
                raise MoatError(f"the release could not be recorded: {err}", "try again") from err
            time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
    raise AssertionError("unreachable")


def status(con: Connection, cfg: Any | None = None) -> list[dict[str, Any]]:
    """Per snapshot set (the current set first, even when nothing was released over it): what its data has spent
    and has left (``spent``, ``remaining``: over every release that read its files), and the epsilon and number of
    the releases made over exactly this set (``released``, ``releases``)."""
    total = total_budget(con, cfg)
    current = current_set(con)
    found = {
        r[0]: (float(r[1]), int(r[2]), r[3])
        for r in rows(con, "SELECT snapshot_set, sum(epsilon), count(*), max(created_at) FROM dp_ledger GROUP BY snapshot_set")
    }
    found.setdefault(current, (0.0, 0, None))
    out = []
    for sset, (own, count, last) in sorted(found.items(), key=lambda kv: (kv[0] != current, kv[0])):
        used = spent(con, sset)
        out.append({
            "snapshot_set": sset, "current": sset == current, "budget": total, "spent": round(used, 12),
            "remaining": round(max(0.0, total - used), 12), "released": round(own, 12), "releases": count,
            "last_release": last,
        })
    return out
