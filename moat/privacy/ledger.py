"""The privacy-budget ledger: how much epsilon has been spent on each *privacy unit*, persisted in DuckDB.

The accounting rule (README "Sharing"): a release spends its epsilon on every **client-month** it describes —
each client in the current data, for each calendar month of the release's period — and is refused when any of
those client-months has less than its epsilon left of the budget (policy ``dp_budget``). A client is known twice,
by its key and by its normalised name (case, accents, spaces and punctuation ignored), and a client-month's spend
is the larger of the two, so renumbering the clients in the source system (re-keying) or respelling them keeps
the spend; only changing both at once makes "another client", and then the data says it is one.

Why units and not files or snapshots: what DP protects is what the data describes. Keyed on uploaded files, the
budget came back whenever the same data arrived as other bytes (export, roll back, load again with one blank line
added): 7 epsilon were spent on the same clients against a budget of 3. Client-months do not change with how
the data travelled. The spend rows (``dp_unit_spend``, migration 013) are only ever inserted, keyed by the release, so no
rollback, reload or re-import restores anything and a release can never be counted twice; importing a pack
(ours or a peer's) reads no client data and spends nothing. The older per-file rule (sha256 of each snapshot
read) is still applied too, so releases recorded before the unit table existed keep counting.

A restore of an older backup puts the older ledger back with the older data; ``docs/deployment.md`` says so.

Concurrency: ``debit`` runs inside the caller's transaction and first UPDATEs one row of ``dp_budget`` that every
debit updates (``UNITS_ROW``), then checks the totals. Two transactions debiting at once write the same row, so
DuckDB refuses the second ("conflict on update"); ``retrying`` runs the whole release again, which then sees the
committed spend. So the check and the insert are atomic, across processes too.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from moat.clock import now_utc  # re-exported: callers import it from here too
from moat.db import Connection, Error, one, rows, scalar, transaction
from moat.errors import BudgetExceeded, MoatError, WriteConflict
from moat.governance.permissions import User
from moat.snapshots import snapshot_ids

UNITS_ROW = "[client-months]"  # the dp_budget row every debit updates first: debits serialise on it
TOLERANCE = 1e-9  # float sums of epsilons (0.1 x 30) must not refuse the last release that exactly fits
T = TypeVar("T")
_LOCK = threading.Lock()


def current_set(con: Connection) -> str:
    """Canonical text of the active snapshot ids (what dp_ledger.snapshot_set stores)."""
    return json.dumps(snapshot_ids(con), separators=(",", ":"))


def total_budget(con: Connection, cfg: Any | None = None) -> float:
    """The policy's dp_budget (admins may change it, audited), lowered by the setting privacy_budget if smaller;
    a setting never raises it (``policies.get``)."""
    try:
        from moat.governance import policies
    except ImportError:  # governance policies not installed: the configured default
        policies = None
    if policies is not None:
        return float(policies.get(con, cfg).dp_budget)
    if cfg is None:
        from moat import config as config_mod

        cfg = config_mod.current()  # h70: `moat --config FILE` reaches it
    return min(3.0, float(cfg.privacy_budget))


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


def remaining(con: Connection, cfg: Any | None = None, snapshot_set: str | None = None, period: Any | None = None) -> float:
    """What is left for a release over the current data (``period``: its months; None: the most-spent month)."""
    sset = snapshot_set or current_set(con)
    used = spent(con, sset)
    if sset == current_set(con):
        used = max(used, units_spent(con, period))
    return max(0.0, total_budget(con, cfg) - used)


# The units a release over [?, ?] describes: every current client, by key and by normalised name, per month. The
# clients are those of the clients file AND those the activity files name (h76 F3): without a clients file (it is
# optional) no client-month was charged, and reloading the same data as other bytes gave the whole budget back.
_UNITS_SQL = """
WITH months AS (
    SELECT CAST(m AS DATE) AS month
    FROM unnest(generate_series(date_trunc('month', CAST(? AS DATE)), CAST(? AS DATE), INTERVAL 1 MONTH)) AS t(m)
),
named AS (
    SELECT client_key, client_name FROM cur_clients
    UNION SELECT client_key, client_name FROM cur_invoices
    UNION SELECT client_key, client_name FROM cur_time_entries
    UNION SELECT client_key, client_name FROM cur_licenses
    UNION SELECT client_key, client_name FROM cur_costs
),
clients AS (
    SELECT 'key:' || trim(CAST(client_key AS VARCHAR)) AS unit FROM named WHERE trim(CAST(client_key AS VARCHAR)) <> ''
    UNION
    SELECT 'name:' || regexp_replace(lower(strip_accents(nfc_normalize(CAST(client_name AS VARCHAR)))), '[^[:alnum:]]+', '', 'g')
    FROM named WHERE trim(CAST(client_name AS VARCHAR)) <> ''
)
SELECT unit, month FROM clients CROSS JOIN months
"""


def _units_table_exists(con: Connection) -> bool:
    return bool(scalar(con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'dp_unit_spend'"))


def units_spent(con: Connection, period: Any | None = None) -> float:
    """The most epsilon any client-month of the current clients has spent (over ``period``'s months, or all)."""
    if not _units_table_exists(con):
        return 0.0
    if period is None:
        found = one(con, "SELECT min(month), max(month) FROM dp_unit_spend")
        if not found or found[0] is None:
            return 0.0
        start, end = found
    else:
        start, end = period.start, period.end
    return float(scalar(
        con,
        f"SELECT coalesce(max(total), 0) FROM (SELECT u.unit, u.month, sum(s.epsilon) AS total FROM ({_UNITS_SQL}) u "
        "JOIN dp_unit_spend s USING (unit, month) GROUP BY ALL)",
        [start, end],
    ))


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


def debit(con: Connection, user: User, snapshot_set: str, epsilon: float, total: float, description: str,
          period: Any | None = None) -> int:
    """Record ``epsilon`` against every client-month of ``period`` (and the files of ``snapshot_set``) or raise
    ``BudgetExceeded``. Caller holds the transaction; ``retrying`` created the rows updated here.

    Returns the new release id. The UPDATEs come first so that a concurrent debit conflicts here.
    """
    con.execute(
        "UPDATE dp_budget SET spent = spent + ?, releases = releases + 1, updated_at = ? WHERE snapshot_set IN (?, ?)",
        [epsilon, now_utc(), UNITS_ROW, snapshot_set],
    )
    already = spent(con, snapshot_set)
    if period is not None:
        already = max(already, units_spent(con, period))
    if already + epsilon > total + TOLERANCE:
        left = max(0.0, total - already)
        err = BudgetExceeded(
            f"refused: this release needs epsilon {epsilon:g} but only {left:g} of the privacy budget {total:g} remains "
            f"for the clients and months it describes (current snapshot set {snapshot_set}); nothing was released",
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
    if period is not None:
        con.execute(f"INSERT INTO dp_unit_spend SELECT unit, month, ?, ? FROM ({_UNITS_SQL})",
                    [release_id, epsilon, period.start, period.end])
    return int(release_id)


def retrying(con: Connection, snapshot_set: str, work: Callable[[], T], attempts: int = 20) -> T:
    """Run ``work`` (one transaction that debits) again when a concurrent debit won the row.

    Within one process releases also take ``_LOCK`` so that sessions of one app server queue rather than
    conflict over and over; the database conflict remains the guarantee across processes (a shared DuckDB).
    """
    _ensure_row(con, snapshot_set)
    _ensure_row(con, UNITS_ROW)
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
        if sset == current:  # what the current clients have spent, in their most-spent month
            used = max(used, units_spent(con))
        out.append({
            "snapshot_set": sset, "current": sset == current, "budget": total, "spent": round(used, 12),
            "remaining": round(max(0.0, total - used), 12), "released": round(own, 12), "releases": count,
            "last_release": last,
        })
    return out
