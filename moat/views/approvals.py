"""The Approvals page: the approved results a Viewer reads, the queue an Admin decides, the requests an Analyst makes.

The queue is split into what waits for review and what was decided, each value printed by its own metric's kind;
a pending row comes with what the admin reads before deciding (why it was flagged, its content, and for a
differential-privacy release the exact spec that would leave the company).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import polars as pl

from moat import access
from moat.config import Config, current
from moat.db import Connection
from moat.formatting import words
from moat.governance import approvals
from moat.governance.permissions import User
from moat.governance.result_content import Content, with_value_text
from moat.governance.result_content import content as result_content
from moat.privacy import release_approvals as approval
from moat.views import answer_kinds

RESULT_COLUMNS = ["result_id", "metric", "entity", "period_start", "period_end", "shown_value", "confidence", "status"]
# "Approved by": the admin and when, or "Automatic" with the rule (most results pass the review line unread; the
# page used to call them all "approved by an admin", with "Decided by None").
APPROVED_COLUMNS = RESULT_COLUMNS + ["approved_by"]
QUEUE_COLUMNS = ["approval_id", "result_id", "metric", "entity", "shown_value", "confidence", "requested_by", "requested_at",
                 "reason"]
DECIDED_COLUMNS = ["approval_id", "result_id", "metric", "entity", "shown_value", "status", "requested_by", "decided_by",
                   "decided_at", "comment"]
PENDING = "pending_review"
# The admin's three buttons: label -> decision (the button keys are approvals_<decision>).
DECISIONS = {"Approve": "approve", "Reject": "reject", "Send back": "send_back"}


@dataclass(frozen=True)
class Approved:
    """What a Viewer reads: the approved results (with ``shown_value``) and a label per result id for the picker."""

    results: pl.DataFrame
    labels: dict[int, str]
    caption: str = ""  # how many a person approved and how many passed automatically, by which rule


@dataclass(frozen=True)
class Pending:
    """One request waiting for review, as the deciding admin reads it."""

    row: dict
    why: pl.DataFrame  # requested_by, reason, created_by, confidence
    content: Content
    dp_spec: pl.DataFrame | None  # a DP release request: exactly what one approval allows to leave the company


@dataclass(frozen=True)
class Queue:
    """Requests this user sees (admins: all; analysts: their own), and the results they may send for review."""

    pending: pl.DataFrame
    decided: pl.DataFrame
    results: dict[int, str]  # result_id -> "#12 Gross margin - Harbor Logistics (approved)"
    currency: str = "USD"  # the base currency money is written in (Config.currency)

    def detail(self, approval_id: int) -> Pending:
        """The pending request ``approval_id`` with its evidence, for the admin deciding it."""
        row = self.pending.filter(pl.col("approval_id") == approval_id).row(0, named=True)
        spec = None
        if row["metric"] == approval.KIND:
            spec = pl.DataFrame([approval.spec_row(approvals.evidence(row)["explanation"])])
        why = pl.DataFrame([{k: row[k] for k in ("requested_by", "reason", "created_by", "confidence")}])
        return Pending(row, why, content(row, self.currency), spec)


def content(row: dict, currency: str) -> Content:
    """A stored result's readable content; an Ask answer's table in the Ask page's units (``answer_kinds``: a
    two-period answer's before / after / change read 0.34 / 0.31 / -0.03 here while Ask read 34.1% / 31.3% /
    -2.8 pp, h103)."""
    shown = result_content(row, currency)
    if row.get("entity_type") != "question" or shown.table is None:
        return shown
    return replace(shown, kinds=answer_kinds.column_kinds(shown.table.columns, row.get("metric")))


def approved(con: Connection, user: User, cfg: Config | None = None) -> Approved:
    """The approved results ``user`` may see (provisional ones never), each saying who approved it or by which rule
    it passed on its own."""
    from moat.governance import policies

    line = policies.get(con, cfg).review_confidence
    results = with_value_text(access.visible_results(con, user, cfg=cfg), _currency(cfg))
    results = results.with_columns(pl.Series("approved_by", [_approved_by(r, line) for r in results.iter_rows(named=True)],
                                             dtype=pl.Utf8))
    labels = {r["result_id"]: f"#{r['result_id']} {words(r['metric'])}" for r in results.iter_rows(named=True)}
    people = results.filter(pl.col("decided_by").is_not_null()).height
    automatic = results.height - people
    caption = (f"{people} of {results.height} approved by an admin; {automatic} passed automatically (confidence at "
               f"or above the review line, {line:.0%}) and nobody reviewed them. Provisional results are not shown.")
    return Approved(results, labels, caption)


def _approved_by(row: dict, line: float) -> str:
    """Who approved a result and when, or the rule it passed by on its own."""
    if row.get("decided_by"):
        when = row.get("decided_at")
        return f"{row['decided_by']}" + (f", {when:%Y-%m-%d %H:%M}" if when is not None else "")
    confidence = row.get("confidence")
    shown = f"confidence {confidence:.1%}" if confidence is not None else "its confidence"
    return f"Automatic: {shown} at or above the {line:.0%} review line; not reviewed"


def read(con: Connection, user: User, result_id: int, cfg: Config | None = None) -> Content | None:
    """One approved result's content (rows, value, evidence), or None when ``user`` may not read it."""
    row = access.approved_detail(con, user, result_id)
    return None if row is None else content(row, _currency(cfg))


def _currency(cfg: Config | None) -> str:
    """The base currency money is written in: the page's settings, else the running command's (``config.current``)."""
    return (cfg or current()).currency


def queue(con: Connection, user: User, cfg: Config | None = None) -> Queue:
    """The approval queue split into pending and decided requests, plus the results ``user`` may request review of."""
    rows, currency = approvals.queue(con, user, cfg=cfg), _currency(cfg)
    pending = with_value_text(rows.filter(pl.col("status") == PENDING), currency)
    decided = with_value_text(rows.filter(pl.col("status") != PENDING), currency)
    results = {r["result_id"]: f"#{r['result_id']} {words(r['metric'])} - {r['entity']} ({words(r['status']).lower()})"
               for r in access.visible_results(con, user, cfg=cfg).iter_rows(named=True)}
    return Queue(pending, decided, results, currency)


def decide(con: Connection, user: User, approval_id: int, decision: str, comment: str | None) -> str:
    """Decide a request (audited); returns the sentence the admin reads. Refusals raise ``MoatError`` as ever."""
    status = approvals.decide(con, user, approval_id, decision, comment)
    return f"Approval #{approval_id} is now {words(status).lower()}."


def request(con: Connection, user: User, result_id: int | None, reason: str) -> str:
    """Ask for a result's review (audited); returns the sentence the analyst reads."""
    approval_id = approvals.request(con, user, result_id, reason)
    return f"Requested approval #{approval_id} for result #{result_id}."
