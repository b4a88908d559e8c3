"""The Share page (admins): the accuracy and budget of a DP release before anything is spent, the four-eyes approval
it may need, the release itself, and the packs released so far.

Everything leaving the company goes through ``moat.privacy``; this module only shapes what the admin reads first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from moat.config import Config
from moat.db import Connection
from moat.governance.permissions import User
from moat.metrics.periods import Period
from moat.privacy import packs, releases, usefulness
from moat.privacy import release_approvals as approval
from moat.privacy.bounds import METRICS

REQUEST_COLUMNS = ["approval_id", "status", "release", "requested_by", "reason", "decided_by", "used_by_release"]


@dataclass(frozen=True)
class Preview:
    """A release's accuracy and its cost in budget, computed from public parameters only: nothing is spent."""

    req: releases.Request
    budget: list[tuple[str, str]]  # (label, value) tiles: total, spent, remaining
    accuracy: pl.DataFrame  # aggregate, scope, clipped_to, accuracy
    confidence: str  # "95%": each aggregate lies within +- accuracy at this confidence
    coarse: str | None  # too coarse to be useful, with what would help (said before any budget is spent)
    clipping: str
    fits: str | None  # None when the budget holds this release, else why it would be refused


def metric_label(metric: str) -> str:
    """A metric's name as the picker shows it ("Mean gross margin")."""
    return METRICS[metric].label


def preview(con: Connection, user: User, cfg: Config, period: Period, metrics: list[str], epsilon: float,
            grouping: str) -> Preview:
    """What releasing ``metrics`` at ``epsilon`` by ``grouping`` would cost and how accurate it would be.

    A spec the privacy layer refuses raises its ``MoatError`` (which names the fix).
    """
    req = releases.request(con, metrics, epsilon, period=period, grouping=grouping)
    found = releases.preview(con, user, req, cfg)
    budget = found["budget"]
    useful = usefulness.assess(found["aggregates"], req.epsilon, grouping, usefulness.group_sizes(con, period, grouping),
                               req.alpha)
    coarse = useful.message + " What would help: " + "; ".join(useful.suggestions) + "." if useful.coarse else None
    if coarse is None:  # the counts may be precise enough while a mean built on them is not
        sizes = [n for n in usefulness.group_sizes(con, period, grouping).values() if n > 0]
        coarse = _coarse_mean(found["aggregates"], min(sizes) if sizes else 0, req.epsilon, f"{1 - req.alpha:.0%}")
    fits = None if budget["fits"] else (f"This release needs epsilon {req.epsilon:g} but only {budget['remaining']:g} "
                                        "remains: it would be refused.")
    return Preview(
        req, [("Budget per client-month", f"{budget['total']:g}"), ("Spent", f"{budget['spent']:g}"),
              ("Remaining", f"{budget['remaining']:g}")],
        pl.DataFrame(found["aggregates"]).select("aggregate", "scope", "clipped_to", "accuracy"),
        f"{1 - req.alpha:.0%}", coarse, found["clipping"]["note"], fits)


# A mean of values bounded by [-1, 1] (gross margin) known only to more than this many points, either way, says
# nothing to a peer: a release of "31.6%, between 5.6% and 75.5%" spent a third of the budget on noise.
MAX_MEAN_POINTS = 0.10


def _coarse_mean(aggregates: list[dict[str, Any]], clients: int, epsilon: float, confidence: str) -> str | None:
    """Too coarse: the mean gross margin's spread (sum and count noise over the smallest group), else None.

    The mean is margin_sum / margin_clients with each margin clipped to [-1, 1], so its error is at most about
    (accuracy of the sum + accuracy of the count) / clients; accuracy scales with 1 / epsilon.
    """
    accuracy = {a.get("aggregate"): a.get("accuracy") for a in aggregates}
    total, count = accuracy.get("margin_sum"), accuracy.get("margin_clients")
    if total is None or count is None or clients <= 0:
        return None
    spread = (float(total) + float(count)) / clients
    if spread <= MAX_MEAN_POINTS:
        return None
    needed = epsilon * spread / MAX_MEAN_POINTS
    help_ = (f"raise epsilon to about {needed:,.1f} (it spends more budget)" if needed <= usefulness.MAX_EPSILON
             else f"no epsilon up to {usefulness.MAX_EPSILON:g} makes it precise enough")
    return (f"Too coarse to be useful: with {confidence} confidence the mean gross margin is only known to about "
            f"±{spread * 100:,.0f} percentage points over {clients:,} clients, more than ±{MAX_MEAN_POINTS * 100:.0f}, "
            f"so a peer learns nothing from it. What would help: {help_}; release fewer metrics at once; wait until "
            "more clients have data.")


@dataclass(frozen=True)
class Approval:
    """Where this exact spec stands with the four-eyes policy."""

    needed: bool  # the policy asks for another admin's approval
    ready: bool  # a release may be made now
    approval_id: int | None  # the approval a release would use
    kind: str  # "success", "info" or "warning": how the page shows ``message``
    message: str
    may_request: bool  # offer "Request approval"


def approval_state(con: Connection, user: User, cfg: Config, req: releases.Request) -> Approval:
    """Whether ``req`` may be released now, and the sentence that says why (or what to do)."""
    if not approval.required(con, cfg):
        return Approval(False, True, None, "", "", False)
    found = approval.state(con, user, req)
    if found and found["usable"]:
        return Approval(True, True, found["approval_id"], "success",
                        f"Approved by {found['decided_by']} (request #{found['approval_id']} by {found['requested_by']}): "
                        "this exact release may be made once.", False)
    if found and found["status"] == "pending_review":
        return Approval(True, False, None, "info",
                        f"Request #{found['approval_id']} by {found['requested_by']} waits for another admin "
                        "(Approvals page).", False)
    before = ""
    if found and found["used_by_release"] is not None:
        before = f" Request #{found['approval_id']} was used by release {found['used_by_release']}."
    elif found:
        before = f" Request #{found['approval_id']} was {found['status'].replace('_', ' ')}."
    return Approval(True, False, None, "warning",
                    "Policy: a release needs a request approved by another admin (four-eyes), for exactly these metrics, "
                    f"epsilon, period and grouping.{before}", True)


def request_approval(con: Connection, user: User, req: releases.Request, reason: str) -> str:
    """Ask another admin to approve exactly ``req`` (audited); the sentence the admin reads."""
    approval_id = approval.request(con, user, req, reason)
    return f"Requested approval #{approval_id}: another admin decides it on the Approvals page."


def release(con: Connection, user: User, cfg: Config, req: releases.Request, label: str,
            approval_id: int | None) -> tuple[int, str]:
    """Release ``req`` (spends budget, audited): the release id and the sentence that says what was spent."""
    released = releases.release(con, user, req, cfg, label=label, approval_id=approval_id)
    used = f", approval #{released.approval_id} used" if released.approval_id is not None else ""
    return released.release_id, f"Released (release {released.release_id}): epsilon {req.epsilon:g} spent{used}."


def requests(con: Connection, user: User) -> pl.DataFrame:
    """Every release request, newest first, with the release that used it."""
    return approval.requests(con, user)


def history(con: Connection, user: User) -> dict[int, str]:
    """Releases made so far, newest first: release id -> "3: <description>"."""
    made = packs.list_releases(con, user)
    return {i: f"{i}: {d}" for i, d in zip(made["release_id"].to_list(), made["description"].to_list(), strict=True)}


@dataclass(frozen=True)
class Pack:
    """One released pack: its values as the admin reads them, and the two files a peer imports."""

    values: pl.DataFrame
    json: str
    csv: str


def pack(con: Connection, user: User, release_id: int) -> Pack:
    """The pack of release ``release_id``, for reading and download."""
    found: dict[str, Any] = packs.release_pack(con, user, release_id)
    return Pack(pl.DataFrame(packs.display_rows(found)), packs.to_json(found), packs.to_csv(found))
