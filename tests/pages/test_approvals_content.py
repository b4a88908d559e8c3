"""Approvals show content (issue 17 point 3): the answer's rows, the metric's value, its evidence, readable, for
the admin deciding and, once approved, for the viewer. Never a bare ``None`` or a raw ``{...}``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from moat import config, db
from moat.ai.engine import ask, send_for_approval
from moat.analytics import run
from moat.formatting import money_text, words
from moat.governance import approvals
from moat.governance.permissions import User
from moat.metrics.periods import default_period
from tests.helpers import run_page

AS_OF = date(2026, 11, 25)
ANALYST, ADMIN = User("ana", "analyst"), User("ada", "admin")
QUESTION = "Which 3 clients had the highest revenue last quarter?"


def _all_text(at) -> str:  # noqa: ANN001
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "subheader") for e in getattr(at, kind)]
    parts += [str(m.value) for m in at.metric]
    parts += [t.value.to_csv() for t in at.dataframe]
    return "\n".join(parts)


def _send_question(path: Path, ask_config) -> tuple[int, list[list]]:  # noqa: ANN001
    con = db.connect(path)
    answer = ask(con, ANALYST, QUESTION, AS_OF, config=ask_config, model=None)
    assert len(answer.rows) == 3 and answer.value is None
    result_id = send_for_approval(con, ANALYST, answer, "before the board meeting")
    con.close()
    return result_id, answer.rows


def test_admin_reads_the_answer_rows_before_deciding(demo_path: Path, app_env, ask_config) -> None:
    app_env(demo_path)
    result_id, rows = _send_question(demo_path, ask_config)
    at = run_page("approvals.py", "admin")
    assert not at.exception
    approval_id = at.selectbox(key="approvals_pick").value
    text = _all_text(at)
    assert f"Question: {QUESTION}" in "\n".join(m.value.replace("\\", "") for m in at.markdown)
    answer_table = next(t.value for t in at.dataframe if "client_name" in t.value.columns)
    assert answer_table["client_name"].tolist() == [r[0] for r in rows]
    assert answer_table["revenue"].tolist() == [float(money_text(r[1]).lstrip("$").replace(",", "")) for r in rows]
    assert "None" not in text.replace("NoneType", "")
    assert not at.json  # no collapsed raw JSON
    assert approval_id is not None


def test_viewer_sees_the_approved_answer_and_its_client_list(demo_path: Path, app_env, ask_config) -> None:
    app_env(demo_path)
    result_id, rows = _send_question(demo_path, ask_config)
    con = db.connect(demo_path)
    approval_id = db.scalar(con, "SELECT approval_id FROM approvals WHERE result_id = ?", [result_id])
    approvals.decide(con, ADMIN, approval_id, "approve")
    con.close()
    at = run_page("approvals.py", "viewer")
    assert not at.exception
    listed = at.dataframe[0].value
    assert listed.loc[listed["result_id"] == result_id, "shown_value"].tolist() == ["table"]
    at.selectbox(key="approvals_read").set_value(result_id).run()
    answer_table = next(t.value for t in at.dataframe if "client_name" in t.value.columns)
    assert answer_table["client_name"].tolist() == [r[0] for r in rows]
    assert "None" not in _all_text(at)


def test_a_run_figure_shows_its_value_formula_and_evidence(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    con = db.connect(demo_path)
    cfg = config.load(env={}).with_(review_confidence=1.0)
    run.run(con, ANALYST, default_period(con), cfg)
    queue = approvals.queue(con, ADMIN, "pending_review", cfg)
    insight = queue.filter(queue["metric"] == "insight_reclaim_seats").row(0, named=True)
    con.close()
    at = run_page("approvals.py", "admin")
    at.selectbox(key="approvals_pick").set_value(insight["approval_id"]).run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Value"] == money_text(insight["value"])
    titles = [m.value.replace("\\", "") for m in at.markdown]
    assert f"**{words('insight_reclaim_seats')}: {insight['entity']}" in "\n".join(titles)
    facts = next(t.value for t in at.dataframe if list(t.value.columns) == ["what", "detail"])
    facts = dict(zip(facts["what"], facts["detail"], strict=True))
    assert facts["Formula"].startswith("rule-based recommendation")
    assert facts["Evidence: seats to reclaim"].isdigit() and facts["Evidence: unit cost"].startswith("$")
    assert facts["Evidence: inactive share"].endswith("%")
    assert facts["Confidence"].endswith("%") and facts["Snapshots read"]
    assert "insight_reclaim_seats" not in _all_text(at)
    assert not at.json


def test_an_approved_client_list_stays_hidden_when_viewers_see_aggregates_only(demo_path: Path, app_env, ask_config) -> None:
    from moat.governance import policies

    app_env(demo_path)
    result_id, rows = _send_question(demo_path, ask_config)
    con = db.connect(demo_path)
    approval_id = db.scalar(con, "SELECT approval_id FROM approvals WHERE result_id = ?", [result_id])
    approvals.decide(con, ADMIN, approval_id, "approve")
    policies.update(con, ADMIN, {"viewers_see_client_rows": False})
    con.close()
    at = run_page("approvals.py", "viewer")
    assert not at.exception
    if at.selectbox:
        at.selectbox(key="approvals_read").set_value(result_id).run()
    assert not any("client_name" in t.value.columns for t in at.dataframe)
    assert not any(rows[0][0] in str(v) for t in at.dataframe for v in t.value.to_numpy().ravel())
