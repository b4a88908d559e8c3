"""h20 (adversary): two pages ignored the policy ``viewers_see_client_rows``.

With the policy off, a Viewer may see company figures only ("per-client and per-technician figures need an
analyst": the facade, the CLI and Ask refuse them). Yet the Utilisation page listed every technician's hours and
utilisation, and the Insights page listed the approved recommendations of the stored run, each naming a client or
a technician with its money at stake per month (and Ask's "what should we do" answers read the same view). Now
both give such a Viewer the team's or company's figures and say why the rows are not shown.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from moat import config, db
from moat.analytics import views
from moat.governance import approvals, policies
from moat.governance.permissions import User
from moat.metrics.periods import default_period
from tests.helpers import run_page

ANALYST, ADMIN, VIEWER = User("ana", "analyst"), User("ada", "admin"), User("vera", "viewer")


@pytest.fixture
def approved_run_aggregates_only(demo_path: Path, app_env) -> tuple[Path, list[str]]:
    """A stored run whose insights are all approved (viewers see approved ones), then the policy turned off."""
    from moat.analytics import run

    app_env(demo_path)
    con = db.connect(demo_path)
    try:
        cfg = config.load(env={}).with_(review_confidence=1.0)
        run.run(con, ANALYST, default_period(con), cfg)
        queue = approvals.queue(con, ADMIN, "pending_review", cfg)
        for approval_id in queue["approval_id"].to_list():
            approvals.decide(con, ADMIN, approval_id, "approve")
        period = default_period(con)
        shown = views.insights_view(con, VIEWER, period, config.load())
        assert shown.rows.height > 0  # the premise: with the default policy a Viewer reads them
        policies.set_value(con, ADMIN, "viewers_see_client_rows", False)
        names = [r[0] for r in db.rows(con, "SELECT client_name FROM cur_clients UNION ALL "
                                            "SELECT technician_name FROM cur_technicians")]
    finally:
        con.close()
    return demo_path, names


def _names_shown(at, names: list[str]) -> set[str]:
    texts = [str(v) for t in at.dataframe for v in t.value.to_numpy().ravel()]
    texts += [str(e.value) for e in list(at.markdown) + list(at.caption) + list(at.info) + list(at.warning)]
    return {n for n in names if any(n in t for t in texts)}


@pytest.mark.parametrize("page", ["utilization.py", "insights.py"])
def test_a_viewer_kept_to_aggregates_sees_no_names(approved_run_aggregates_only, page: str) -> None:
    _, names = approved_run_aggregates_only
    viewer = run_page(page, "viewer")
    assert not viewer.exception, [e.value for e in viewer.exception]
    assert _names_shown(viewer, names) == set()
    said = [c.value for c in viewer.caption] + [i.value for i in viewer.info]
    assert any("hidden from viewers by the admins' policy viewers_see_client_rows" in s or "your role does not see" in s for s in said), said
    assert not any("every rule is within its threshold" in s for s in said)  # never "all is well"
    if page == "utilization.py":
        assert viewer.metric, "the team's tiles stay"
    analyst = run_page(page, "analyst")
    assert _names_shown(analyst, names), "analysts still see the rows"


def test_insights_view_and_ask_route_say_why(approved_run_aggregates_only) -> None:
    path, _ = approved_run_aggregates_only
    con = db.connect(path)
    try:
        shown = views.insights_view(con, VIEWER, default_period(con), config.load())
        assert shown.rows.is_empty() and "viewers_see_client_rows" in (shown.message or "")
        assert views.insights_view(con, ANALYST, default_period(con), config.load()).rows.height > 0
    finally:
        con.close()
