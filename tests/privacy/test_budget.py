"""The privacy-budget ledger: exact stop at the budget, persistence, no overspend under concurrency, permissions."""

from __future__ import annotations

import threading

import pytest

from moat import config, db
from moat.errors import BudgetExceeded, PermissionDenied
from moat.governance import audit, policies
from moat.governance.permissions import User, local_operator
from moat.privacy import ledger, releases

ADMIN = local_operator("admin-test")


def cfg(budget: float) -> config.Config:
    return config.load(env={}).with_(privacy_budget=budget)


def counts(con: db.Connection) -> tuple[int, int, int]:
    return (
        db.scalar(con, "SELECT count(*) FROM dp_ledger"),
        db.scalar(con, "SELECT count(*) FROM audit_log WHERE action = 'dp_release'"),
        db.scalar(con, "SELECT count(*) FROM dp_releases"),
    )


def test_sequential_releases_stop_exactly_at_the_budget(demo_con: db.Connection) -> None:
    settings = cfg(0.3)
    req = releases.request(demo_con, ["client_count"], 0.1, grouping="all")
    for _ in range(3):  # 0.1 + 0.1 + 0.1 = 0.30000000000000004 must still fit a budget of 0.3
        releases.release(demo_con, ADMIN, req, settings)
    with pytest.raises(BudgetExceeded) as refused:
        releases.release(demo_con, ADMIN, req, settings)
    assert refused.value.exit_code == 3
    assert "only 0 of the privacy budget 0.3 remains" in str(refused.value)
    assert refused.value.remaining == pytest.approx(0.0, abs=1e-9)
    assert counts(demo_con) == (3, 3, 3)  # the refusal wrote nothing
    assert ledger.spent(demo_con, ledger.current_set(demo_con)) == pytest.approx(0.3)
    assert audit.verify(demo_con).ok


def test_refusal_states_the_remaining_budget_and_a_smaller_release_still_fits(demo_con: db.Connection) -> None:
    settings = cfg(1.0)
    releases.release(demo_con, ADMIN, releases.request(demo_con, ["mean_margin"], 0.75), settings)
    with pytest.raises(BudgetExceeded, match=r"needs epsilon 0.5 but only 0.25 of the privacy budget 1 remains"):
        releases.release(demo_con, ADMIN, releases.request(demo_con, ["mean_margin"], 0.5), settings)
    releases.release(demo_con, ADMIN, releases.request(demo_con, ["mean_margin"], 0.25), settings)
    row = ledger.status(demo_con, settings)[0]
    assert (row["current"], row["spent"], row["remaining"], row["releases"]) == (True, 1.0, 0.0, 2)


def test_preview_spends_nothing(demo_con: db.Connection) -> None:
    settings = cfg(1.0)
    req = releases.request(demo_con, ["mean_margin", "ehr"], 0.5)
    preview = releases.preview(demo_con, ADMIN, req, settings)
    assert preview["budget"] == {"total": 1.0, "spent": 0.0, "remaining": 1.0, "after": 0.5, "fits": True}
    assert {a["aggregate"] for a in preview["aggregates"]} == {"margin_sum", "margin_clients", "revenue", "hours"}
    # four aggregates share epsilon 0.5: revenue's scale is 15000 x 3 months / (0.5 / 4)
    revenue = next(a for a in preview["aggregates"] if a["aggregate"] == "revenue")
    assert revenue["scale"] == pytest.approx(45000 / 0.125, rel=1e-5)
    assert counts(demo_con) == (0, 0, 0)


def test_the_policy_budget_overrides_the_setting(demo_con: db.Connection) -> None:
    settings = cfg(3.0)
    policies.set_value(demo_con, ADMIN, "dp_budget", 0.5, settings)
    assert ledger.total_budget(demo_con, settings) == 0.5
    with pytest.raises(BudgetExceeded, match="only 0.5 of the privacy budget 0.5 remains"):
        releases.release(demo_con, ADMIN, releases.request(demo_con, ["client_count"], 1.0), settings)


def test_ledger_persists_across_a_new_connection(demo_path) -> None:  # fixture path
    settings = cfg(2.0)
    con = db.connect(demo_path)
    releases.release(con, ADMIN, releases.request(con, ["client_count"], 1.5), settings)
    con.close()
    again = db.connect(demo_path)
    try:
        assert ledger.remaining(again, settings) == pytest.approx(0.5)
        with pytest.raises(BudgetExceeded, match="only 0.5 of"):
            releases.release(again, ADMIN, releases.request(again, ["client_count"], 1.0), settings)
        assert db.scalar(again, "SELECT count(*) FROM dp_ledger") == 1
    finally:
        again.close()


def _race(make_con, threads: int, epsilon: float, settings: config.Config) -> tuple[list, list]:
    barrier = threading.Barrier(threads)
    done, refused, failed = [], [], []

    def worker() -> None:
        con = make_con()
        req = releases.request(con, ["client_count", "mean_margin"], epsilon)
        barrier.wait()
        try:
            done.append(releases.release(con, ADMIN, req, settings).release_id)
        except BudgetExceeded as err:
            refused.append(err)
        except Exception as err:  # surfaced by the assertion below
            failed.append(err)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert not failed, failed
    return done, refused


def test_two_threads_racing_on_cursors_cannot_overspend(demo_con: db.Connection) -> None:
    settings = cfg(1.0)
    done, refused = _race(demo_con.cursor, 2, 0.6, settings)
    assert len(done) == 1 and len(refused) == 1
    assert "only 0.4 of the privacy budget 1 remains" in str(refused[0])
    assert ledger.spent(demo_con, ledger.current_set(demo_con)) == pytest.approx(0.6)
    assert counts(demo_con) == (1, 1, 1)


def test_many_threads_on_separate_connections_cannot_overspend(demo_path) -> None:
    settings = cfg(1.0)
    first = db.connect(demo_path)
    try:
        done, refused = _race(lambda: db.connect(demo_path), 4, 0.3, settings)
        assert len(done) == 3 and len(refused) == 1  # 3 x 0.3 fit in 1.0, the 4th never does
        assert ledger.spent(first, ledger.current_set(first)) == pytest.approx(0.9)
        assert db.scalar(first, "SELECT spent FROM dp_budget") == pytest.approx(0.9)
        assert audit.verify(first).ok
    finally:
        first.close()


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_only_admins_may_preview_or_release(demo_con: db.Connection, role: str) -> None:
    user = User(f"someone-{role}", role)
    req = releases.request(demo_con, ["client_count"], 0.5)
    with pytest.raises(PermissionDenied):
        releases.preview(demo_con, user, req, cfg(1.0))
    with pytest.raises(PermissionDenied):
        releases.release(demo_con, user, req, cfg(1.0))
    assert counts(demo_con) == (0, 0, 0)


def test_the_debit_itself_is_atomic_across_connections(demo_con: db.Connection) -> None:
    """Without the in-process lock: two open transactions debiting one set conflict in the database."""
    sset = ledger.current_set(demo_con)
    ledger._ensure_row(demo_con, sset)
    first, second = demo_con.cursor(), demo_con.cursor()
    first.execute("BEGIN TRANSACTION")
    second.execute("BEGIN TRANSACTION")
    ledger.debit(first, ADMIN, sset, 0.6, 1.0, "first")
    with pytest.raises(db.Error, match="(?i)conflict"):
        ledger.debit(second, ADMIN, sset, 0.6, 1.0, "second")  # while the first is still open
    second.execute("ROLLBACK")
    first.execute("COMMIT")

    late = demo_con.cursor()
    late.execute("BEGIN TRANSACTION")
    assert ledger.spent(late, sset) == pytest.approx(0.6)  # its snapshot is taken now, before the next commit
    third = demo_con.cursor()
    third.execute("BEGIN TRANSACTION")
    ledger.debit(third, ADMIN, sset, 0.3, 1.0, "third")
    third.execute("COMMIT")
    with pytest.raises(db.Error, match="(?i)conflict"):
        ledger.debit(late, ADMIN, sset, 0.3, 1.0, "late")
    late.execute("ROLLBACK")

    retry = demo_con.cursor()
    retry.execute("BEGIN TRANSACTION")
    with pytest.raises(BudgetExceeded, match=r"only 0.1 of the privacy budget 1 remains"):
        ledger.debit(retry, ADMIN, sset, 0.3, 1.0, "retry")
    retry.execute("ROLLBACK")
    assert ledger.spent(demo_con, sset) == pytest.approx(0.9)


NEXT_MONTH = (b"entry_id,technician_name,client_name,date,hours,billable\n"
              b"NEW-1,Priya Shah,Meridian Dental Group,2026-10-30,1.5,yes\n")


def test_a_new_upload_does_not_refill_the_budget_of_data_already_shared(demo_con: db.Connection) -> None:
    from moat.ingest import ingest_bytes

    settings = cfg(2.0)
    before = ledger.current_set(demo_con)
    releases.release(demo_con, ADMIN, releases.request(demo_con, ["client_count"], 1.5), settings)
    report = ingest_bytes(demo_con, ADMIN, NEXT_MONTH, "time-next.csv")
    assert report["rows_loaded"] == 1 and ledger.current_set(demo_con) != before  # a new snapshot set
    assert ledger.remaining(demo_con, settings) == pytest.approx(0.5)  # the older files still carry their spend
    with pytest.raises(BudgetExceeded, match="only 0.5 of the privacy budget 2 remains"):
        releases.release(demo_con, ADMIN, releases.request(demo_con, ["client_count"], 1.0), settings)
    releases.release(demo_con, ADMIN, releases.request(demo_con, ["client_count"], 0.5), settings)
    current, earlier = ledger.status(demo_con, settings)
    assert current["current"] and current["spent"] == pytest.approx(2.0) and current["remaining"] == 0
    assert current["released"] == pytest.approx(0.5) and current["releases"] == 1
    assert earlier["snapshot_set"] == before and earlier["released"] == pytest.approx(1.5)


def test_rolling_back_and_loading_the_same_bytes_again_does_not_refill_it(demo_con: db.Connection) -> None:
    from moat.ingest import ingest_bytes
    from moat.snapshots import rollback

    settings = cfg(2.0)
    report = ingest_bytes(demo_con, ADMIN, NEXT_MONTH, "time-next.csv")
    releases.release(demo_con, ADMIN, releases.request(demo_con, ["client_count"], 1.5), settings)
    rollback(demo_con, ADMIN, report["snapshot_id"])
    assert ledger.remaining(demo_con, settings) == pytest.approx(0.5)  # the demo's files are still read
    again = ingest_bytes(demo_con, ADMIN, NEXT_MONTH, "time-next.csv")
    assert again["snapshot_id"] != report["snapshot_id"] and not again.get("already_loaded")
    assert ledger.spent(demo_con, ledger.current_set(demo_con)) == pytest.approx(1.5)
    # the new snapshot alone: its bytes were read by the release before the rollback, so it has spent too
    assert ledger.spent(demo_con, f"[{again['snapshot_id']}]") == pytest.approx(1.5)
    assert ledger.spent(demo_con, "[]") == 0
