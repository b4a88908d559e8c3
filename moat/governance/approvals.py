"""The approval queue: a human decides on flagged results before Viewers see them.

States of a result (``results.status``) and of a request (``approvals.status``):
pending_review -> approved | rejected | changes_requested, and changes_requested -> pending_review on a new
request. Rejected is final for that result (rerun the analysis for a new one).

Four-eyes: nobody decides a request they made, nor one about a result they produced. The check is a condition of
the very UPDATE that records the decision, inside the decision's transaction, so it holds for the app, the CLI
and a direct call alike and cannot be raced.

Results flagged by analytics (status pending_review, no open request) get a request row the first time the queue
is read, naming the result's creator as requester and the policy reason, so every flagged result is decidable.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import polars as pl

from moat.config import Config
from moat.db import Connection, atomic, frame, one, rows
from moat.errors import MoatError
from moat.governance import audit, policies
from moat.governance.login import now_utc
from moat.governance.permissions import User, require
from moat.governance.result_content import shown

STATES = ("pending_review", "approved", "rejected", "changes_requested")
DECISIONS = {
    "approve": "approved", "approved": "approved",
    "reject": "rejected", "rejected": "rejected",
    "send_back": "changes_requested", "send-back": "changes_requested", "changes_requested": "changes_requested",
}
SYSTEM_REQUESTER = "system"
# Who queues flagged results in the audit log: the analysis flagged them, no person asked.
SYSTEM = User(SYSTEM_REQUESTER, "analyst")


class ApprovalError(MoatError):
    """The request or decision is not possible in the current state; nothing was changed."""


class FourEyesViolation(ApprovalError):
    """Someone tried to decide their own request or their own result."""


def _result_row(con: Connection, result_id: int) -> tuple[Any, ...]:
    row = one(con, "SELECT status, created_by, metric, entity FROM results WHERE result_id = ?", [result_id])
    if row is None:
        raise ApprovalError(f"there is no result {result_id}", "list results with `moat approvals list --results`")
    return row


def request(con: Connection, user: User, result_id: int, reason: str) -> int:
    """Ask for a second pair of eyes on ``result_id``; returns the new approval id."""
    require(user, "request_approval")
    reason = (reason or "").strip()
    if not reason:
        raise ApprovalError("a request needs a reason", "say what the result will be used for, e.g. 'price increase for Acme'")
    def write() -> int:
        status, _created_by, metric, entity = _result_row(con, result_id)
        if status == "rejected":
            raise ApprovalError(f"result {result_id} was rejected", "rerun the analysis to produce a new result and request that")
        pending = one(con, "SELECT approval_id FROM approvals WHERE result_id = ? AND status = 'pending_review'", [result_id])
        if pending:
            raise ApprovalError(f"result {result_id} already waits for review (approval {pending[0]})")
        approval_id = int(one(con, "SELECT nextval('approval_seq')")[0])
        con.execute(
            "INSERT INTO approvals (approval_id, result_id, requested_by, requested_at, reason, status) "
            "VALUES (?, ?, ?, ?, ?, 'pending_review')",
            [approval_id, result_id, user.name, now_utc(), reason],
        )
        con.execute("UPDATE results SET status = 'pending_review' WHERE result_id = ?", [result_id])
        audit.append(con, user, "approval_request", f"approval:{approval_id}",
                     {"result_id": result_id, "metric": metric, "entity": entity, "previous_status": status, "reason": reason})
        return approval_id

    return atomic(con, write)


def decide(con: Connection, user: User, approval_id: int, decision: str, comment: str | None = None,
           cfg: Config | None = None) -> str:
    """Approve, reject or send back; returns the new status. Reject and send-back need a comment.

    Four-eyes means two people: besides the names, ``identity.second_person_problem`` refuses the local operator
    while admin accounts exist, and a decider who minted the requester's (or creator's) API token."""
    from moat import config as config_mod
    from moat.governance import identity

    require(user, "approve")
    cfg = cfg or config_mod.current()  # h70: `moat --config FILE` reaches it
    status = DECISIONS.get(str(decision).strip().lower())
    if status is None:
        raise ApprovalError(f"unknown decision {decision!r}", "use approve, reject or send-back")
    comment = (comment or "").strip()
    if status != "approved" and not comment:
        raise ApprovalError(f"{decision} needs a comment", "tell the requester what is wrong or what to change")
    def write() -> None:
        row = one(
            con,
            "SELECT a.status, a.requested_by, a.result_id, r.created_by FROM approvals a "
            "JOIN results r USING (result_id) WHERE a.approval_id = ?",
            [approval_id],
        )
        if row is None:
            raise ApprovalError(f"there is no approval request {approval_id}", "list them with `moat approvals list`")
        current, requested_by, result_id, created_by = row
        if current != "pending_review":
            raise ApprovalError(f"approval {approval_id} is already {current}")
        problem = identity.second_person_problem(cfg, user, requested_by, created_by)
        if problem:
            raise FourEyesViolation(f"{user.name} may not decide approval {approval_id}: {problem}",
                                    "another admin has to decide it, signed in as themselves (four-eyes rule)")
        if user.name in (requested_by, created_by):
            raise FourEyesViolation(
                f"{user.name} may not decide approval {approval_id}: it is their own "
                f"{'request' if user.name == requested_by else 'result'}",
                "another admin has to decide it (four-eyes rule)",
            )
        # The four-eyes and state conditions are repeated in the UPDATE itself: the decision lands only if they hold.
        changed = rows(
            con,
            "UPDATE approvals SET status = ?, decided_by = ?, decided_at = ?, comment = ? "
            "WHERE approval_id = ? AND status = 'pending_review' AND requested_by <> ? "
            "AND NOT EXISTS (SELECT 1 FROM results r WHERE r.result_id = approvals.result_id AND r.created_by = ?)",
            [status, user.name, now_utc(), comment or None, approval_id, user.name, user.name],
        )
        if not changed or changed[0][0] != 1:
            raise FourEyesViolation(f"approval {approval_id} could not be decided by {user.name}", "another admin has to decide it")
        con.execute("UPDATE results SET status = ? WHERE result_id = ?", [status, result_id])
        audit.append(con, user, "approval_decision", f"approval:{approval_id}",
                     {"result_id": result_id, "decision": status, "comment": comment, "requested_by": requested_by})

    atomic(con, write)
    return status


_ORPHANS_SQL = (
    "SELECT r.result_id, r.metric, r.confidence, r.created_by FROM results r WHERE r.status = 'pending_review' "
    "AND NOT EXISTS (SELECT 1 FROM approvals a WHERE a.result_id = r.result_id AND a.status = 'pending_review') "
    "ORDER BY r.result_id"
)


def sync_flagged(con: Connection, cfg: Config | None = None) -> int:
    """Give every flagged result without an open request one (requester = its creator); returns how many."""
    if not rows(con, _ORPHANS_SQL):  # the usual case (pages call this on every render): no write transaction
        return 0
    policy = policies.get(con, cfg)

    def write() -> int:  # orphans read again inside: a re-run after a conflict must not queue one another session queued
        orphans = rows(con, _ORPHANS_SQL)
        if not orphans:
            return 0
        for result_id, metric, confidence, created_by in orphans:
            reason = policy.needs_review(metric, confidence) or "flagged by the analysis"
            con.execute(
                "INSERT INTO approvals (approval_id, result_id, requested_by, requested_at, reason, status) "
                "VALUES (nextval('approval_seq'), ?, ?, ?, ?, 'pending_review')",
                [result_id, created_by or SYSTEM_REQUESTER, now_utc(), f"flagged: {reason}"],
            )
        # One audit row for the batch: the queue changed, so the log says so; and two sessions syncing at once
        # now both write the chain's next row, so the second loses the conflict, re-reads and queues nothing
        # (without it neither wrote a common row, and every flagged result got two open requests).
        audit.append(con, SYSTEM, "approval_flagged", "approvals",
                     {"count": len(orphans), "result_ids": [int(r[0]) for r in orphans]})
        return len(orphans)

    return atomic(con, write)


_QUEUE_SQL = """
    SELECT a.approval_id, a.result_id, a.status, a.requested_by, a.requested_at, a.reason,
           a.decided_by, a.decided_at, a.comment,
           r.metric, r.entity_type, r.entity, r.period_start, r.period_end, r.value, r.confidence,
           CAST(r.confidence_parts AS VARCHAR) AS confidence_parts, CAST(r.explanation AS VARCHAR) AS explanation,
           CAST(r.snapshot_ids AS VARCHAR) AS snapshot_ids, r.created_by, r.status AS result_status
    FROM approvals a JOIN results r USING (result_id)
    WHERE (? IS NULL OR a.status = ?) AND (? IS NULL OR a.requested_by = ?)
    ORDER BY (a.status = 'pending_review') DESC, a.approval_id DESC
"""


def queue(con: Connection, user: User, status: str | None = None, cfg: Config | None = None) -> pl.DataFrame:
    """Requests with their result and evidence. Admins see all; analysts see their own (with the decisions)."""
    require(user, "request_approval")
    if status is not None and status not in STATES:
        raise ApprovalError(f"unknown status {status!r}", f"statuses are {', '.join(STATES)}")
    sync_flagged(con, cfg)
    mine = None if user.can("approve") else user.name
    return frame(con, _QUEUE_SQL, [status, status, mine, mine])


def visible_results(con: Connection, user: User, *, metric: str | None = None, status: str | None = None,
                    cfg: Config | None = None, limit: int = 1000,
                    too_few: Callable[[dict[str, Any]], bool] | None = None) -> pl.DataFrame:
    """Results this user may see: Viewers only approved ones (and no per-client rows when policy says so).

    ``too_few``: for users kept to aggregates, whether a row's figures come from fewer than 3 clients (a period
    or segment too small, the rule of ``moat.metrics.small_slices``, which this layer cannot import): such rows are
    left out too. Callers go through ``moat.access.visible_results``, which passes it (h76 F2)."""
    require(user, "view_results")
    if status is not None and status not in STATES:
        raise ApprovalError(f"unknown status {status!r}", f"statuses are {', '.join(STATES)}")
    conditions, params = ["r.entity_type <> 'dp_release'"], []  # release requests: Share page / moat.privacy.release_approvals
    if not user.can("view_provisional"):
        conditions.append("r.status = 'approved'")
    if status is not None:
        conditions.append("r.status = ?")
        params.append(status)
    if metric is not None:
        conditions.append("r.metric = ?")
        params.append(metric)
    visible = policies.get(con, cfg).client_rows_visible(user)
    if not visible:
        conditions.append(f"r.entity_type NOT IN ({', '.join('?' for _ in policies.CLIENT_LEVEL_ENTITY_TYPES)})")
        params.extend(policies.CLIENT_LEVEL_ENTITY_TYPES)
    where = " AND ".join(conditions) or "true"
    sql = f"""
        SELECT r.result_id, r.metric, r.entity_type, r.entity, r.period_start, r.period_end, r.value, r.confidence,
               r.status, r.created_by, r.created_at, d.decided_by, d.decided_at, d.comment,
               CAST(r.explanation AS VARCHAR) AS explanation
        FROM results r
        LEFT JOIN (SELECT * FROM approvals WHERE decided_at IS NOT NULL
                   QUALIFY row_number() OVER (PARTITION BY result_id ORDER BY decided_at DESC) = 1) d USING (result_id)
        WHERE {where}
        ORDER BY r.result_id DESC
        LIMIT ?
    """
    found = frame(con, sql, params + [int(limit)])
    if not visible:  # the same rule as the detail view (result_content.shown): no answers naming people either
        keep = [shown(row, visible) and not (too_few is not None and too_few(row)) for row in found.iter_rows(named=True)]
        found = found.filter(pl.Series(keep, dtype=pl.Boolean)) if keep else found
    return found.drop("explanation")


def evidence(row: dict[str, Any]) -> dict[str, Any]:
    """The JSON parts of a queue row (confidence parts, explanation, snapshots) decoded for display."""
    out = {}
    for key in ("confidence_parts", "explanation", "snapshot_ids"):
        raw = row.get(key)
        try:
            out[key] = json.loads(raw) if raw else None
        except (TypeError, ValueError):
            out[key] = raw
    return out
