"""Viewer Insights (issue 17 point 2): approved recommendations, or how many await approval; never "every rule
is within its threshold" while unapproved recommendations exist."""

from __future__ import annotations

from pathlib import Path

from moat import config, db
from moat.analytics import insights, run
from moat.analytics.evidence import gather
from moat.formatting import count_text
from moat.governance import approvals
from moat.governance.permissions import User
from moat.metrics.periods import default_period
from tests.helpers import run_page

ALL_IS_WELL = "every rule is within its threshold"


def _texts(at) -> list[str]:  # noqa: ANN001
    return [e.value for kind in ("info", "warning", "markdown", "caption") for e in getattr(at, kind)]


def test_without_a_stored_run_the_viewer_reads_how_many_await_review(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    con = db.connect(demo_path)
    found = len(insights.insights(gather(con, default_period(con)), insights.Thresholds.from_config(config.load(env={}))))
    con.close()
    assert found > 50  # the demo's stories give many recommendations
    at = run_page("insights.py", "viewer")
    assert not at.exception
    assert [w.value for w in at.warning][0].startswith(f"{count_text(found, 'recommendation')} for this period await approval")
    assert not any(ALL_IS_WELL in t for t in _texts(at))


def test_a_run_waiting_for_review_is_counted_then_approved_rows_appear(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    con = db.connect(demo_path)
    period = default_period(con)
    cfg = config.load(env={}).with_(review_confidence=1.0)  # every result below certainty goes to the queue
    run_id = run.run(con, User("ann", "analyst"), period, cfg).run_id
    pending = db.scalar(con, "SELECT count(*) FROM results WHERE run_id = ? AND metric LIKE 'insight_%' "
                             "AND status NOT IN ('approved', 'rejected')", [run_id])
    con.close()
    assert pending > 50
    at = run_page("insights.py", "viewer")
    assert not at.exception
    assert at.warning[0].value.startswith(f"{count_text(pending, 'recommendation')} for this period await approval")
    assert not any(ALL_IS_WELL in t for t in _texts(at))
    assert not at.dataframe  # nothing unapproved is shown

    con = db.connect(demo_path)
    admin = User("ada", "admin")
    queue = approvals.queue(con, admin, "pending_review", cfg)
    top = queue.filter(queue["metric"].str.starts_with("insight_")).head(2)
    for approval_id in top["approval_id"].to_list():
        approvals.decide(con, admin, approval_id, "approved")
    con.close()
    at = run_page("insights.py", "viewer")
    assert not at.exception
    assert at.warning[0].value.startswith(f"{count_text(pending - 2, 'recommendation')} for this period await approval")
    assert at.dataframe[0].value.shape[0] == 2
    assert sorted(at.dataframe[0].value["Who" if "Who" in at.dataframe[0].value.columns else "entity"]) == sorted(top["entity"].to_list())
