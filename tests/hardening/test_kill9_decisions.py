"""kill -9 during approval decisions and analytics runs: the database reopens, the chain verifies, nothing half-done.

Same pattern as ``test_kill9.py`` (whose ``check_consistent`` also runs here): a child process does the work in
a loop and prints what each call returned, the test kills it with SIGKILL at a chosen moment, reopens the file
read-write (replaying the write-ahead log as the app would) and checks the invariants of the tables involved.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from moat import db
from moat.analytics import run as run_mod
from moat.governance.permissions import User
from moat.metrics.periods import Period
from tests.conftest import ROOT
from tests.hardening.test_kill9 import check_consistent

PERIOD = Period.parse("2026-08-01", "2026-10-31")
ANALYST = User("ana", "analyst")

# An admin sends every open request back and the analyst asks again, forever: two small transactions per turn,
# each with its audit row, so a kill lands inside one of them or between them.
DECIDER = """
import sys
from moat import db
from moat.governance import approvals
from moat.governance.permissions import User
con = db.connect(sys.argv[1])
admin, analyst = User("boss", "admin"), User("ana", "analyst")
print("ready", flush=True)
for turn in range(100000):
    for approval_id, result_id in db.rows(con, "SELECT approval_id, result_id FROM approvals WHERE status = 'pending_review' ORDER BY 1"):
        status = approvals.decide(con, admin, approval_id, "send-back", f"turn {turn}: check the inputs")
        print("decided", approval_id, status, flush=True)
        new_id = approvals.request(con, analyst, result_id, f"turn {turn}: inputs checked")
        print("requested", new_id, flush=True)
"""

RUNNER = """
import sys
from moat import db
from moat.analytics import run
from moat.governance.permissions import User
from moat.metrics.periods import Period
con = db.connect(sys.argv[1])
user, period = User("ana", "analyst"), Period.parse("2026-08-01", "2026-10-31")
print("ready", flush=True)
for _ in range(10000):
    done = run.run(con, user, period)
    print("run", done.run_id, done.results, flush=True)
"""


def start(script: str, path: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", script, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def kill_after(proc: subprocess.Popen[str], delay: float) -> list[list[str]]:
    """SIGKILL ``proc`` after ``delay`` seconds; returns the lines it printed (what its calls returned)."""
    time.sleep(delay)
    assert proc.poll() is None, "the child finished before it could be killed"
    proc.kill()
    assert proc.stdout is not None
    printed = [line.split() for line in proc.stdout.read().splitlines()]
    proc.wait()
    return printed


def with_flagged_results(path: Path) -> int:
    """Store one analytics run by the analyst and open a request for every flagged result; returns their count."""
    con = db.connect(path)
    try:
        summary = run_mod.run(con, ANALYST, PERIOD)
        from moat.governance import approvals

        opened = approvals.sync_flagged(con)
        assert opened == summary.pending_review > 0
        return opened
    finally:
        con.close()


def check_approvals(path: Path, returned: list[list[str]], flagged: int) -> None:
    con = db.connect(path, read_only=True)
    try:
        approvals = {r[0]: r[1:] for r in db.rows(con, "SELECT approval_id, result_id, status, reason FROM approvals")}
        audited_decisions = {int(r[0].split(":")[1]): r[1] for r in db.rows(
            con, "SELECT object, json_extract_string(details, '$.decision') FROM audit_log WHERE action = 'approval_decision'")}
        audited_requests = {int(r[0].split(":")[1]) for r in db.rows(
            con, "SELECT object FROM audit_log WHERE action = 'approval_request'")}
        # every decision that landed has its audit row with the same outcome, and no audit row lacks its decision
        decided = {a: status for a, (_, status, _) in approvals.items() if status != "pending_review"}
        assert decided == audited_decisions
        # every request row is audited, except the ones the queue opened for flagged results (no user asked)
        asked = {a for a, (_, _, reason) in approvals.items() if not reason.startswith("flagged:")}
        assert asked == audited_requests
        assert len(approvals) - len(asked) == flagged
        # each result's status is its newest request's status, and no result waits twice
        wrong = db.rows(con, """
            SELECT r.result_id, r.status, a.status FROM results r
            JOIN (SELECT result_id, arg_max(status, approval_id) AS status FROM approvals GROUP BY 1) a USING (result_id)
            WHERE r.status <> a.status""")
        assert wrong == []
        twice = db.scalar(con, "SELECT count(*) FROM (SELECT result_id FROM approvals WHERE status = 'pending_review' "
                               "GROUP BY 1 HAVING count(*) > 1)")
        assert twice == 0
        # what the child was told happened, happened
        for line in returned:
            if line[0] == "decided":
                assert approvals[int(line[1])][1] == line[2]
            elif line[0] == "requested":
                assert int(line[1]) in approvals
    finally:
        con.close()


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5])
def test_kill_during_approval_decisions(demo_path: Path, delay: float) -> None:
    flagged = with_flagged_results(demo_path)
    returned = kill_after(start(DECIDER, demo_path), delay)
    assert any(line[0] == "decided" for line in returned) or delay < 0.5  # the longer runs did real work
    check_consistent(demo_path)
    check_approvals(demo_path, returned, flagged)
    # and the queue keeps working: a pending request can still be decided by another admin
    from moat.governance import approvals

    con = db.connect(demo_path)
    try:
        pending = db.rows(con, "SELECT approval_id FROM approvals WHERE status = 'pending_review' ORDER BY 1 LIMIT 1")
        if not pending:  # killed between a send-back and the new request: ask again first
            result_id = db.scalar(con, "SELECT min(result_id) FROM results WHERE status = 'changes_requested'")
            pending = [(approvals.request(con, ANALYST, result_id, "after the crash"),)]
        assert approvals.decide(con, User("other-admin", "admin"), pending[0][0], "approve") == "approved"
    finally:
        con.close()
    check_consistent(demo_path)
    check_approvals(demo_path, [], flagged)


def check_runs(path: Path, returned: list[list[str]]) -> int:
    """Each stored run has all its result rows and its audit row, or nothing at all; returns how many runs."""
    con = db.connect(path, read_only=True)
    try:
        runs = dict(db.rows(con, "SELECT run_id, results FROM analytics_runs"))
        stored = dict(db.rows(con, "SELECT run_id, count(*) FROM results GROUP BY 1"))
        assert stored == runs  # no run without all its rows, no rows without their run
        audited = {int(r[0].split(":")[1]) for r in db.rows(con, "SELECT object FROM audit_log WHERE action = 'analytics_run'")}
        assert audited == set(runs)
        for line in returned:
            if line[0] == "run":
                assert runs[int(line[1])] == int(line[2])
        return len(runs)
    finally:
        con.close()


@pytest.mark.parametrize("delay", [0.4, 1.1, 1.9])
def test_kill_during_analytics_runs(demo_path: Path, delay: float) -> None:
    returned = kill_after(start(RUNNER, demo_path), delay)
    check_consistent(demo_path)
    before = check_runs(demo_path, returned)
    assert before >= len([line for line in returned if line[0] == "run"])
    con = db.connect(demo_path)  # the next run works and is complete
    try:
        run_mod.run(con, ANALYST, PERIOD)
    finally:
        con.close()
    assert check_runs(demo_path, []) == before + 1


@pytest.mark.parametrize("delay", [0.35, 0.5, 0.65])
def test_kill_the_analytics_cli(demo_path: Path, tmp_path: Path, delay: float) -> None:
    """``moat analytics run`` as the user starts it, killed at moments across its life (start-up, analysis, write)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "moat", "--db", str(demo_path), "analytics", "run", "--from", "2026-08-01", "--to", "2026-10-31"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    time.sleep(delay)
    proc.kill()
    out, err = proc.communicate()
    assert "Traceback" not in err
    check_consistent(demo_path)
    runs = check_runs(demo_path, [])
    assert runs == (1 if out.startswith("run ") else runs)  # a run that reported success is there, whole
    assert runs in (0, 1)
