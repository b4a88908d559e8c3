"""Four-eyes for DP releases: when policy ``dp_requires_approval`` is on, a release needs a request that another
admin approved, and each approval authorises exactly one release of exactly that spec.

A request is an ordinary approval of an ordinary ``results`` row (entity_type and metric ``dp_release``, value
NULL, the release spec as its explanation, created_by = the requester), so the queue, the Approvals page and
``moat.governance.approvals.decide`` handle it unchanged, including the rule that nobody decides their own
request. Using an approval is a row in ``dp_release_approvals`` (migration 009) written in the release's own
transaction, beside its ledger debit and audit row: a release refused for budget leaves the approval unused, and
two racing releases cannot both use one approval (primary key).

The spec is what the approver saw and what leaves the company: metrics (as a set), epsilon, period, grouping and
alpha. A release whose spec differs in any of them is not covered.
"""

from __future__ import annotations

import json
import shlex
from typing import TYPE_CHECKING, Any

import polars as pl

from moat.db import Connection, atomic, frame, one, rows, scalar
from moat.errors import MoatError
from moat.governance import audit, policies
from moat.governance.approvals import ApprovalError
from moat.governance.login import now_utc
from moat.governance.permissions import User, require
from moat.snapshots import snapshot_ids

if TYPE_CHECKING:
    from moat.privacy.release_request import Request

KIND = "dp_release"  # results.metric and results.entity_type of a release request
_EPS_TOLERANCE = 1e-12


class ApprovalRequired(MoatError):
    """Policy asks for an approved request before this release; nothing was released or spent."""


def spec(req: Request) -> dict[str, Any]:
    """The release spec as stored in the request's ``explanation`` (and compared against a release)."""
    return {"metrics": sorted(req.metrics), "epsilon": float(req.epsilon), "grouping": req.grouping,
            "period": [req.period.start.isoformat(), req.period.end.isoformat()], "alpha": float(req.alpha)}


def matches(stored: dict[str, Any] | None, req: Request) -> bool:
    want = spec(req)
    if not isinstance(stored, dict):
        return False
    try:
        return (sorted(stored["metrics"]) == want["metrics"] and stored["grouping"] == want["grouping"]
                and list(stored["period"]) == want["period"]
                and abs(float(stored["epsilon"]) - want["epsilon"]) <= _EPS_TOLERANCE
                and abs(float(stored.get("alpha", 0.05)) - want["alpha"]) <= _EPS_TOLERANCE)
    except (KeyError, TypeError, ValueError):
        return False


def spec_row(stored: dict[str, Any] | None) -> dict[str, Any]:
    """A stored spec as one display row (Approvals page): what exactly would leave the company."""
    stored = stored if isinstance(stored, dict) else {}
    period = stored.get("period") or ["?", "?"]
    return {"metrics": ", ".join(stored.get("metrics") or []), "epsilon": stored.get("epsilon"),
            "period": f"{period[0]} to {period[1]}", "grouping": stored.get("grouping"),
            "confidence of intervals": f"{1 - float(stored.get('alpha', 0.05)):.0%}"}


def describe(req: Request) -> str:
    return f"{','.join(sorted(req.metrics))} by {req.grouping}, epsilon {req.epsilon:g}, {req.period}"


def request_command(req: Request) -> str:
    """The CLI line that requests approval of exactly this spec (quoted for a POSIX shell)."""
    parts = ["moat", "share", "--metrics", ",".join(req.metrics), "--epsilon", f"{req.epsilon:g}", "--by", req.grouping,
             "--from", req.period.start.isoformat(), "--to", req.period.end.isoformat()]
    if abs(req.alpha - 0.05) > _EPS_TOLERANCE:
        parts += ["--alpha", f"{req.alpha:g}"]
    return shlex.join(parts + ["--request", "--reason", "WHY"])


def required(con: Connection, cfg: Any | None = None) -> bool:
    return bool(policies.get(con, cfg).dp_requires_approval)


_REQUESTS_SQL = f"""
    SELECT a.approval_id, a.result_id, a.status, a.requested_by, a.requested_at, a.reason, a.decided_by,
           a.decided_at, a.comment, r.entity AS release, CAST(r.explanation AS VARCHAR) AS spec,
           u.release_id AS used_by_release
    FROM approvals a JOIN results r USING (result_id)
    LEFT JOIN dp_release_approvals u USING (approval_id)
    WHERE r.entity_type = '{KIND}' AND r.metric = '{KIND}'
    ORDER BY a.approval_id DESC
"""


def requests(con: Connection, user: User) -> pl.DataFrame:
    """Every DP-release request, newest first, with its spec (JSON text) and the release that used it, if any."""
    require(user, "share_dp")
    return frame(con, _REQUESTS_SQL)


def _matching(con: Connection, req: Request) -> list[tuple[int, str, str, str | None, int | None]]:
    """(approval_id, status, requested_by, decided_by, used_by_release) of requests for this spec, newest first."""
    out = []
    for approval_id, _rid, status, requested_by, _at, _reason, decided_by, _dat, _c, _rel, raw, used in rows(con, _REQUESTS_SQL):
        if matches(json.loads(raw) if raw else None, req):
            out.append((int(approval_id), status, requested_by, decided_by, used))
    return out


def state(con: Connection, user: User, req: Request) -> dict[str, Any] | None:
    """The most relevant request for this spec: an unused approval, else a pending one, else the newest.

    None when there is none. Keys: approval_id, status, requested_by, decided_by, used_by_release, usable.
    """
    require(user, "share_dp")
    found = _matching(con, req)
    if not found:
        return None
    ranked = sorted(found, key=lambda f: (not (f[1] == "approved" and f[4] is None), f[1] != "pending_review", -f[0]))
    approval_id, status, requested_by, decided_by, used = ranked[0]
    return {"approval_id": approval_id, "status": status, "requested_by": requested_by, "decided_by": decided_by,
            "used_by_release": used, "usable": status == "approved" and used is None}


def request(con: Connection, user: User, req: Request, reason: str) -> int:
    """Ask another admin to approve releasing ``req``; returns the approval id."""
    require(user, "share_dp")
    reason = (reason or "").strip()
    if not reason:
        raise ApprovalError("a release request needs a reason", "say who receives the pack and why, e.g. 'peer group Q3 benchmark'")

    def write() -> int:
        for approval_id, status, _by, _decided, used in _matching(con, req):
            if status == "pending_review":
                raise ApprovalError(f"this release already waits for approval (request {approval_id})",
                                    f"another admin approves it with `moat approvals approve {approval_id}`")
            if status == "approved" and used is None:
                raise ApprovalError(f"this release is already approved (request {approval_id}) and not yet used",
                                    f"release it with `moat share ... --out PACK.json --approval {approval_id}`")
        result_id = int(scalar(con, "SELECT nextval('result_seq')"))
        run_id = int(scalar(con, "SELECT nextval('run_seq')"))
        con.execute(
            "INSERT INTO results (result_id, run_id, metric, entity_type, entity, period_start, period_end, value, "
            "snapshot_ids, confidence, confidence_parts, explanation, status, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, NULL, NULL, ?, 'pending_review', ?, ?)",
            [result_id, run_id, KIND, KIND, describe(req), req.period.start, req.period.end,
             json.dumps(snapshot_ids(con)), json.dumps(spec(req)), user.name, now_utc()],
        )
        approval_id = int(scalar(con, "SELECT nextval('approval_seq')"))
        con.execute(
            "INSERT INTO approvals (approval_id, result_id, requested_by, requested_at, reason, status) "
            "VALUES (?, ?, ?, ?, ?, 'pending_review')",
            [approval_id, result_id, user.name, now_utc(), reason],
        )
        audit.append(con, user, "dp_release_request", f"approval:{approval_id}",
                     {"result_id": result_id, "spec": spec(req), "reason": reason})
        return approval_id

    return atomic(con, write)


def usable_approval(con: Connection, req: Request) -> int | None:
    """The oldest approved, unused request for exactly this spec (what a release uses when none is named)."""
    found = [f[0] for f in _matching(con, req) if f[1] == "approved" and f[4] is None]
    return min(found) if found else None


def _how(req: Request) -> str:
    return f"request it with `{request_command(req)}`; another admin then approves it (`moat approvals approve ID`)"


def missing(req: Request) -> ApprovalRequired:
    """The refusal for a release that needs approval and has none (it says how to request one)."""
    return ApprovalRequired(
        f"refused: policy dp_requires_approval says this release ({describe(req)}) needs a request approved by "
        "another admin, and there is none; nothing was released or spent", _how(req))


def use(con: Connection, user: User, req: Request, approval_id: int | None, release_id: int) -> int:
    """Inside the release's transaction: check ``approval_id`` covers ``req`` and mark it used; returns its id.

    With no id, the oldest usable approval of this spec is taken. Raises ``ApprovalRequired`` otherwise.
    """
    how = _how(req)
    if approval_id is None:
        approval_id = usable_approval(con, req)
        if approval_id is None:
            raise missing(req)
    row = one(con, "SELECT a.status, CAST(r.explanation AS VARCHAR), r.entity_type, u.release_id FROM approvals a "
                   "JOIN results r USING (result_id) LEFT JOIN dp_release_approvals u USING (approval_id) "
                   "WHERE a.approval_id = ?", [approval_id])
    if row is None or row[2] != KIND:
        raise ApprovalRequired(f"refused: {approval_id} is not a DP release request; nothing was released", how)
    status, raw, _kind, used = row
    if used is not None:
        raise ApprovalRequired(f"refused: approval {approval_id} was already used by release {used} (an approval allows "
                               "one release); nothing was released or spent", how)
    if status != "approved":
        raise ApprovalRequired(f"refused: request {approval_id} is {status.replace('_', ' ')}, not approved; nothing was "
                               "released or spent", f"another admin approves it with `moat approvals approve {approval_id}`")
    if not matches(json.loads(raw) if raw else None, req):
        raise ApprovalRequired(
            f"refused: approval {approval_id} covers {json.loads(raw)}, not this release ({describe(req)}); nothing was "
            "released or spent", "release exactly the approved metrics, epsilon, period and grouping, or " + how)
    con.execute("INSERT INTO dp_release_approvals VALUES (?, ?, ?, ?)", [approval_id, release_id, user.name, now_utc()])
    return int(approval_id)
