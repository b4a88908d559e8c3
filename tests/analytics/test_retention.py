"""`moat analytics prune`: the newest N runs of each period stay, older ones go with their results, a run whose
results carry an approval request stays whole, and the deletion is audited; nothing else is touched."""

from __future__ import annotations

import json

import pytest

from moat import config
from moat.analytics import retention, run, stored_runs
from moat.cli import main
from moat.db import rows, scalar
from moat.errors import MoatError, PermissionDenied
from moat.governance import approvals, audit
from moat.governance.permissions import User
from moat.metrics import Period

ADA, ANN = User("ada", "admin"), User("ann", "analyst")
QUARTER = Period.parse("2026-08-01", "2026-10-31")
MONTH = Period.parse("2026-10-01", "2026-10-31")


def runs(con) -> list[int]:
    return [r[0] for r in rows(con, "SELECT run_id FROM analytics_runs ORDER BY run_id")]


def results_of(con, run_id: int) -> int:
    return scalar(con, "SELECT count(*) FROM results WHERE run_id = ?", [run_id])


def test_prune_keeps_the_newest_of_each_period_and_every_reviewed_run(demo_con) -> None:
    cfg = config.load(env={})
    quarter = [run.run(demo_con, ANN, QUARTER, cfg).run_id for _ in range(4)]
    month = [run.run(demo_con, ANN, MONTH, cfg).run_id for _ in range(2)]
    reviewed = scalar(demo_con, "SELECT min(result_id) FROM results WHERE run_id = ?", [quarter[1]])
    approvals.request(demo_con, ANN, reviewed, "price increase for Meridian")
    sizes = {r: results_of(demo_con, r) for r in quarter + month}
    other = scalar(demo_con, "SELECT count(*) FROM results WHERE run_id NOT IN (SELECT unnest(?))", [quarter + month])
    audit_rows = scalar(demo_con, "SELECT count(*) FROM audit_log")

    preview = retention.prune(demo_con, ADA, 2, dry_run=True)
    assert preview == retention.Pruned(2, True, [quarter[0]], sizes[quarter[0]], [quarter[1]])
    assert runs(demo_con) == sorted(quarter + month)  # a dry run deletes nothing and audits nothing
    assert scalar(demo_con, "SELECT count(*) FROM audit_log") == audit_rows

    done = retention.prune(demo_con, ADA, 2)
    assert done == retention.Pruned(2, False, [quarter[0]], sizes[quarter[0]], [quarter[1]])
    assert runs(demo_con) == sorted(quarter[1:] + month)  # the month's two runs are its newest two
    assert results_of(demo_con, quarter[0]) == 0
    assert all(results_of(demo_con, r) == sizes[r] for r in quarter[1:] + month)
    assert scalar(demo_con, "SELECT count(*) FROM results WHERE run_id NOT IN (SELECT unnest(?))", [quarter + month]) == other
    last = rows(demo_con, "SELECT user_name, action, CAST(details AS VARCHAR) FROM audit_log ORDER BY seq DESC LIMIT 1")[0]
    assert last[:2] == ("ada", "analytics_prune")
    assert json.loads(last[2]) == {"keep": 2, "run_ids": [quarter[0]], "results": sizes[quarter[0]],
                                   "kept_for_review": [quarter[1]]}
    assert audit.verify(demo_con).ok

    again = retention.prune(demo_con, ADA, 1)  # keep 1: the month's older run goes; the reviewed run still stays
    assert again.runs == [quarter[2], month[0]] and again.kept_for_review == [quarter[1]]
    assert runs(demo_con) == sorted([quarter[1], quarter[3], month[1]])
    assert stored_runs.latest_run(demo_con, QUARTER) == quarter[3]  # pages still read the newest run of the period


def test_prune_is_for_admins_and_needs_a_positive_keep(demo_con) -> None:
    with pytest.raises(PermissionDenied):
        retention.prune(demo_con, ANN, 2)
    with pytest.raises(MoatError, match="at least 1"):
        retention.prune(demo_con, ADA, 0)


def test_cli_prune(demo_path, capsys) -> None:
    for _ in range(3):
        assert main(["--db", str(demo_path), "analytics", "run", "--from", "2026-08-01", "--to", "2026-10-31"]) == 0
    capsys.readouterr()
    assert main(["--db", str(demo_path), "analytics", "prune", "--keep", "2", "--dry-run", "--format", "json"]) == 0
    preview = json.loads(capsys.readouterr().out)
    assert preview["dry_run"] is True and preview["runs"] == [1] and preview["results"] > 0
    assert main(["--db", str(demo_path), "analytics", "prune", "--keep", "2"]) == 0
    assert capsys.readouterr().out.startswith(f"deleted 1 runs ({preview['results']} results), keeping the newest 2")
    assert main(["--db", str(demo_path), "analytics", "prune", "--keep", "0"]) == 1
    assert "at least 1" in capsys.readouterr().err
