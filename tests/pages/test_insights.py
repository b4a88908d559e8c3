"""The Insights page per role against the scale-1 demo: analysts and admins read live recommendations with their
money at stake; Viewers read approved ones only, or how many await approval (issue 17 point 2), never "every rule is
within its threshold" while unapproved recommendations exist; the table downloads by role."""

from __future__ import annotations

from pathlib import Path

import pytest

from moat import config, db
from moat.analytics import insights, run, stored_runs
from moat.analytics.evidence import gather
from moat.formatting import count_text, money_text
from moat.governance import approvals
from moat.governance.permissions import User
from moat.metrics.periods import default_period
from tests.helpers import run_page
from tests.pages.checks import downloads

ALL_IS_WELL = "every rule is within its threshold"


def _texts(at) -> list[str]:
    return [e.value for kind in ("info", "warning", "markdown", "caption") for e in getattr(at, kind)]


@pytest.mark.parametrize("role", ["analyst", "admin"])
def test_insights_page_for_an_analyst(demo_path, app_env, role: str) -> None:
    app_env(demo_path)
    con = db.connect(demo_path)
    rows = insights.insights(gather(con, default_period(con, 3)), insights.Thresholds())
    con.close()
    at = run_page("insights.py", role)
    assert not at.exception
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Money at stake per month"] == money_text(sum(r["monthly_effect"] for r in rows))
    assert tiles["Recommendations"] == f"{len(rows):,}"
    table = at.dataframe[0].value
    assert table["entity"].tolist()[: 3] == [r["entity"] for r in rows[:3]]
    at.multiselect(key="insights_kinds").set_value(["reclaim_seats"]).run()
    assert set(at.dataframe[0].value["kind"]) == {"Licences paid for but unused"}  # words, not the enum
    assert not at.exception


def test_insights_page_for_a_viewer_shows_only_an_approved_stored_run(demo_path, app_env) -> None:
    app_env(demo_path)
    at = run_page("insights.py", "viewer")
    assert any("await approval" in w.value for w in at.warning)  # no stored run: how many the rules found
    assert not at.exception
    con = db.connect(demo_path)
    summary = run.run(con, User("ann", "analyst"), default_period(con, 3), config.load(env={}).with_(review_confidence=0.97))
    stored = stored_runs.stored(con, User("vic", "viewer"), summary.run_id)
    con.close()
    approved = stored.filter(stored["metric"].str.starts_with("insight_"))
    at = run_page("insights.py", "viewer")
    assert not at.exception
    assert at.dataframe[0].value.shape[0] == approved.height
    assert {m.label: m.value for m in at.metric}["Provisional"] == "0"


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


def test_insights_table_downloads_by_role(demo: Path) -> None:
    stems = {"insights_table_download"}
    admin = run_page("insights.py", "admin")
    assert downloads(admin) == stems
    assert downloads(run_page("insights.py", "analyst")) == stems
    viewer = run_page("insights.py", "viewer")
    assert downloads(viewer) == set()
    assert not admin.exception and not viewer.exception
