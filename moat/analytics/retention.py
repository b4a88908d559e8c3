"""Old analytics runs: keep the newest N runs of each period, delete the others with their results (audited).

Each run stores every result with its evidence (~20 MB of JSON at the scale-100 demo, ~5 MB on disk), so a team
that reruns the analysis daily grows the database by gigabytes a year, and DuckDB's checkpoints grow with it.
What a decision rests on is never deleted: a run with any result that has an approval request (open or decided)
is kept whole, whatever its age. Pages read the newest run of a period, and snapshot comparison pairs the newest
two, so ``keep`` >= 2 loses nothing they show.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from moat.db import Connection, atomic, rows
from moat.errors import MoatError
from moat.governance import audit
from moat.governance.permissions import User, require

_CANDIDATES_SQL = """
    WITH ranked AS (
        SELECT run_id, row_number() OVER (PARTITION BY period_start, period_end ORDER BY run_id DESC) AS newest
        FROM analytics_runs
    )
    SELECT r.run_id,
           EXISTS (SELECT 1 FROM approvals a JOIN results x USING (result_id) WHERE x.run_id = r.run_id) AS reviewed,
           (SELECT count(*) FROM results x WHERE x.run_id = r.run_id) AS results
    FROM ranked r WHERE r.newest > ? ORDER BY r.run_id
"""


@dataclass(frozen=True)
class Pruned:
    """What a prune deleted (or, with ``dry_run``, would delete)."""

    keep: int
    dry_run: bool
    runs: list[int]
    results: int
    kept_for_review: list[int]  # older than the newest ``keep`` but holding a result with an approval request

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def prune(con: Connection, user: User, keep: int, *, dry_run: bool = False) -> Pruned:
    """Delete every analytics run older than the newest ``keep`` of its period, except reviewed ones."""
    require(user, "admin_system")
    if keep < 1:
        raise MoatError(f"--keep must be at least 1 (got {keep})",
                        "keep 2 or more so pages can still compare the last two runs of a period")

    if dry_run:  # a plain read (the System page previews on every render)
        return _plan(con, keep, dry_run=True)

    def write() -> Pruned:  # candidates read inside the retried transaction: a run reviewed meanwhile is kept
        plan = _plan(con, keep, dry_run=False)
        if plan.runs:
            con.execute("DELETE FROM results WHERE run_id IN (SELECT unnest(?))", [plan.runs])
            con.execute("DELETE FROM analytics_runs WHERE run_id IN (SELECT unnest(?))", [plan.runs])
            audit.append(con, user, "analytics_prune", "analytics_runs",
                         {"keep": keep, "run_ids": plan.runs, "results": plan.results,
                          "kept_for_review": plan.kept_for_review})
        return plan

    return atomic(con, write)


def _plan(con: Connection, keep: int, *, dry_run: bool) -> Pruned:
    candidates = rows(con, _CANDIDATES_SQL, [keep])
    return Pruned(
        keep, dry_run,
        runs=[int(run_id) for run_id, reviewed, _ in candidates if not reviewed],
        results=sum(int(n) for _, reviewed, n in candidates if not reviewed),
        kept_for_review=[int(run_id) for run_id, reviewed, _ in candidates if reviewed],
    )
