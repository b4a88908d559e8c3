"""Two users acting at the same moment: every change writes an audit row to one hash chain, so the second to commit
loses a write-write conflict under DuckDB's optimistic concurrency. Each writer runs its whole transaction again
(``db.atomic``) instead of showing "try again", and a re-run re-checks state, so nothing lands twice.

Each test opens another session's transaction that appends an audit row, lets the writer under test append its own,
then commits the other session first: the writer's first attempt is rolled back and its second one lands.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import duckdb
import pytest

from moat import config, db
from moat.analytics import run
from moat.errors import DiskFull
from moat.governance import approvals, audit, login, policies, user_store, users
from moat.governance.approvals import ApprovalError
from moat.governance.permissions import User
from moat.ingest import fx, profiles, resolve
from moat.ingest.mapping import Profile
from moat.metrics import Period
from moat.privacy import packs, release_approvals, releases
from moat.snapshots import rollback

ANN, ADA, BOB = User("ann", "analyst"), User("ada", "admin"), User("bob", "admin")
YEAR = Period(date(2025, 11, 1), date(2026, 10, 31))


def _lose_the_first_attempt(con: db.Connection, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Arrange for another session to win the audit chain's next row against the writer's first attempt; returns
    the list of audit seqs the writer's attempts appended."""
    other = con.cursor()
    other.execute("BEGIN TRANSACTION")
    audit.append(other, BOB, "commit", "snapshot:99", {})
    real_append, attempts = audit.append, []

    def append_then_the_other_commits(c, *args, **kwargs):
        seq = real_append(c, *args, **kwargs)  # the real append; only the other session's timing is arranged
        attempts.append(seq)
        if len(attempts) == 1:
            other.execute("COMMIT")
        return seq

    monkeypatch.setattr(audit, "append", append_then_the_other_commits)
    return attempts


def _count(con: db.Connection, action: str) -> int:
    return db.scalar(con, "SELECT count(*) FROM audit_log WHERE action = ?", [action])


def _flagged_result(con: db.Connection) -> int:
    summary = run.run(con, ANN, YEAR, config.load(env={}))
    return db.scalar(con, "SELECT min(result_id) FROM results WHERE run_id = ? AND metric = 'revenue'", [summary.run_id])


def test_an_approval_request_that_collides_is_retried_and_stored_once(demo_con, monkeypatch) -> None:
    result_id = _flagged_result(demo_con)
    attempts = _lose_the_first_attempt(demo_con, monkeypatch)
    approval_id = approvals.request(demo_con.cursor(), ANN, result_id, "price increase for Meridian")
    assert len(attempts) == 2
    assert db.rows(demo_con, "SELECT approval_id, status FROM approvals WHERE result_id = ?", [result_id]) == [
        (approval_id, "pending_review")]
    assert _count(demo_con, "approval_request") == 1 and audit.verify(demo_con).ok


def test_a_decision_that_collides_is_retried(demo_con, monkeypatch) -> None:
    approval_id = approvals.request(demo_con, ANN, _flagged_result(demo_con), "board pack")
    attempts = _lose_the_first_attempt(demo_con, monkeypatch)
    assert approvals.decide(demo_con.cursor(), ADA, approval_id, "approve") == "approved"
    assert len(attempts) == 2
    assert db.one(demo_con, "SELECT status, decided_by FROM approvals WHERE approval_id = ?", [approval_id]) == ("approved", "ada")
    assert _count(demo_con, "approval_decision") == 1 and audit.verify(demo_con).ok


def test_a_decision_made_meanwhile_by_another_admin_is_refused_on_the_retry(demo_con, monkeypatch) -> None:
    """Bob rejects the request while Ada's approval of it is in flight: Ada's update conflicts with Bob's, her
    re-run sees the rejection and is refused; the request is decided once, by Bob."""
    approval_id = approvals.request(demo_con, ANN, _flagged_result(demo_con), "board pack")
    other = demo_con.cursor()
    other.execute("BEGIN TRANSACTION")
    other.execute("UPDATE approvals SET status = 'rejected', decided_by = 'bob', comment = 'wrong period' "
                  "WHERE approval_id = ?", [approval_id])
    audit.append(other, BOB, "approval_decision", f"approval:{approval_id}", {"decision": "rejected"})
    real_one, reads = approvals.one, []

    def read_then_bob_commits(*args: Any) -> Any:
        found = real_one(*args)
        reads.append(found)
        if len(reads) == 1:
            other.execute("COMMIT")  # Bob's decision lands after Ada's first attempt read the request as pending
        return found

    monkeypatch.setattr(approvals, "one", read_then_bob_commits)
    with pytest.raises(ApprovalError, match="already rejected"):
        approvals.decide(demo_con.cursor(), ADA, approval_id, "approve")
    assert reads[0][0] == "pending_review" and reads[-1][0] == "rejected"  # the first attempt saw it pending
    assert db.one(demo_con, "SELECT status, decided_by FROM approvals WHERE approval_id = ?", [approval_id]) == ("rejected", "bob")
    assert _count(demo_con, "approval_decision") == 1 and audit.verify(demo_con).ok


def test_a_rollback_that_collides_is_retried(demo_con, monkeypatch) -> None:
    snapshot = db.scalar(demo_con, "SELECT max(snapshot_id) FROM snapshots WHERE dataset = 'invoices' AND status = 'active'")
    attempts = _lose_the_first_attempt(demo_con, monkeypatch)
    assert rollback(demo_con.cursor(), ADA, snapshot) == "invoices"
    assert len(attempts) == 2
    assert db.scalar(demo_con, "SELECT status FROM snapshots WHERE snapshot_id = ?", [snapshot]) == "rolled_back"
    assert db.scalar(demo_con, "SELECT count(*) FROM cur_invoices") == 0  # the demo has one invoice upload
    assert _count(demo_con, "rollback") == 1 and audit.verify(demo_con).ok


CHANGES: dict[str, Callable[[db.Connection], Any]] = {
    "policy": lambda con: policies.update(con, ADA, {"review_confidence": 0.8}),
    "alias": lambda con: resolve.add_alias(con, ANN, "Meridian Dental Grp", "Meridian Dental Group"),
    "rates": lambda con: fx.load_rates(con, ADA, b"currency,month,rate_to_base\nEUR,2026-10,1.1\n", "r.csv", "USD"),
    "mapping": lambda con: profiles.save(con, ANN, "PSA export", Profile("invoices", {"Inv #": "invoice_number"})),
    "unlock": lambda con: login.unlock(con, ADA, "ann"),
}
ACTIONS = {"policy": "policy_set", "alias": "alias_add", "rates": "load_rates", "mapping": "mapping_save",
           "unlock": "user_unlock"}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_other_changes_that_collide_are_retried_and_audited_once(demo_con, monkeypatch, change: str) -> None:
    attempts = _lose_the_first_attempt(demo_con, monkeypatch)
    CHANGES[change](demo_con.cursor())
    assert len(attempts) == 2 and attempts[1] == attempts[0] + 1  # the second attempt took the next row
    assert _count(demo_con, ACTIONS[change]) == 1 and audit.verify(demo_con).ok


def test_a_user_change_that_collides_is_retried_and_audited_once(empty_con, app_env, tmp_path, monkeypatch) -> None:
    """The users file is written inside the transaction, so a conflict found at COMMIT comes after the write: the
    re-run writes the same store again and lands the audit row, so the change is in the file once and audited once."""
    app_env(tmp_path / "empty.duckdb")
    cfg = config.load()
    attempts = _lose_the_first_attempt(empty_con, monkeypatch)
    users.add(cfg, empty_con.cursor(), ADA, "carl", "analyst", "password-1", rounds=4)
    assert len(attempts) == 2
    assert users.lookup(cfg, "carl") == User("carl", "analyst") and list(user_store.load(cfg)) == ["carl"]
    assert _count(empty_con, "user_add") == 1 and audit.verify(empty_con).ok


def test_a_pack_import_that_collides_is_retried_and_stored_once(demo_con, monkeypatch) -> None:
    req = releases.request(demo_con, ["client_count", "mean_margin"], 1.0)
    pack = releases.release(demo_con, ADA, req, config.load(env={}).with_(privacy_budget=10.0), label="peers").pack
    attempts = _lose_the_first_attempt(demo_con, monkeypatch)
    pack_id = packs.import_pack(demo_con.cursor(), ADA, packs.to_json(pack).encode(), "peers.json")
    assert len(attempts) == 2
    assert db.rows(demo_con, "SELECT pack_id FROM benchmark_packs") == [(pack_id,)]
    assert packs.peer_values(demo_con).height == len(pack["values"])
    assert _count(demo_con, "benchmark_import") == 1 and audit.verify(demo_con).ok


def test_a_release_request_that_collides_is_retried_and_stored_once(demo_con, monkeypatch) -> None:
    req = releases.request(demo_con, ["client_count"], 0.5)
    attempts = _lose_the_first_attempt(demo_con, monkeypatch)
    approval_id = release_approvals.request(demo_con.cursor(), ADA, req, "peer group Q3 benchmark")
    assert len(attempts) == 2
    assert db.rows(demo_con, "SELECT a.approval_id, a.status FROM approvals a JOIN results r USING (result_id) "
                             "WHERE r.metric = ?", [release_approvals.KIND]) == [(approval_id, "pending_review")]
    assert _count(demo_con, "dp_release_request") == 1 and audit.verify(demo_con).ok


def test_two_sessions_queueing_the_flagged_results_at_once_queue_each_once(demo_con, monkeypatch) -> None:
    """Two pages open the approval queue at the same moment after a run: each finds the flagged results without
    an open request. The queueing is audited (one row per batch), so the second session loses the chain's next
    row, re-reads, finds nothing left to queue and queues nothing. Without that row neither conflicted, and
    every flagged result got two open requests."""
    run.run(demo_con, ANN, Period.parse("2026-08-01", "2026-10-31"), config.load(env={}))  # a quarter: some flagged
    flagged = db.scalar(demo_con, "SELECT count(*) FROM results WHERE status = 'pending_review'")
    assert flagged > 0
    first_inside, second_inside = threading.Event(), threading.Event()
    real_now = approvals.now_utc

    def now():
        if threading.current_thread().name == "second":
            second_inside.set()  # the second has read the same orphans inside its own transaction
        elif threading.current_thread().name == "first" and not first_inside.is_set():
            first_inside.set()
            second_inside.wait(30)  # hold the first's transaction open until the second is inside its own
        return real_now()

    monkeypatch.setattr(approvals, "now_utc", now)
    queued: dict[str, int] = {}

    def sync(name: str) -> None:
        try:
            queued[name] = approvals.sync_flagged(demo_con.cursor())
        finally:
            second_inside.set()

    first = threading.Thread(target=sync, args=("first",), name="first")
    first.start()
    assert first_inside.wait(60)
    second = threading.Thread(target=sync, args=("second",), name="second")
    second.start()
    first.join(120)
    second.join(120)
    assert sorted(queued.values()) == [0, flagged]  # whichever lost the conflict re-read and found none left
    per_result = db.rows(demo_con, "SELECT result_id, count(*) FROM approvals WHERE status = 'pending_review' "
                                   "GROUP BY result_id HAVING count(*) > 1")
    assert per_result == []
    assert db.scalar(demo_con, "SELECT count(*) FROM approvals WHERE status = 'pending_review'") == flagged
    assert _count(demo_con, "approval_flagged") == 1 and audit.verify(demo_con).ok


def test_a_user_change_whose_transaction_fails_leaves_the_users_file_as_it_was(empty_con, app_env, tmp_path, monkeypatch) -> None:
    """The users file is written inside the transaction; when the transaction then fails for good (the database
    errors after the file was written, or every retry loses), the file is put back, so no account changes
    without its audit row."""
    app_env(tmp_path / "empty.duckdb")
    cfg = config.load()
    users.add(cfg, empty_con, ADA, "ada", "admin", "password-1", rounds=4)
    before = user_store.path_of(cfg).read_bytes()
    real_save = user_store.save

    def save_then_the_database_fails(*args, **kwargs):
        real_save(*args, **kwargs)
        raise duckdb.IOException("could not write to the database file: No space left on device")

    monkeypatch.setattr(user_store, "save", save_then_the_database_fails)
    with pytest.raises(DiskFull, match="disk is full"):
        users.add(cfg, empty_con.cursor(), ADA, "carl", "analyst", "password-2", rounds=4)
    assert user_store.path_of(cfg).read_bytes() == before and list(user_store.load(cfg)) == ["ada"]
    assert _count(empty_con, "user_add") == 1 and audit.verify(empty_con).ok  # ada's only
