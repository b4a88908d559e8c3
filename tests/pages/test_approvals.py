"""The Approvals page per role: Viewers read approved results only, Analysts request reviews and read decisions,
Admins decide (four-eyes, a comment to reject); what is read before deciding is content, never a bare ``None`` or a
raw ``{...}`` (issue 17 point 3); outcomes show once on the next run (``moat.ui.flash``); downloads by role."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from moat import config, db
from moat.ai.engine import ask, send_for_approval
from moat.analytics import run
from moat.db import one
from moat.formatting import money_text, words
from moat.governance import approvals, policies
from moat.governance.permissions import User
from moat.metrics.periods import default_period
from tests.governance.gov_util import add_result
from tests.helpers import run_page
from tests.pages.checks import downloads, no_access, refused, with_con

AS_OF = date(2026, 11, 25)
ANALYST, ADMIN = User("ana", "analyst"), User("ada", "admin")
QUESTION = "Which 3 clients had the highest revenue last quarter?"


def _all_text(at) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "subheader") for e in getattr(at, kind)]
    parts += [str(m.value) for m in at.metric]
    parts += [t.value.to_csv() for t in at.dataframe]
    return "\n".join(parts)


def _send_question(path: Path, ask_config) -> tuple[int, list[list]]:
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
    # h88: an insight's value is its monthly effect, and says so (it read "$7.00", like a total)
    assert {m.label: m.value for m in at.metric}["Value"] == money_text(insight["value"]) + " per month"
    pending = at.dataframe[0].value
    assert pending.loc[pending["approval_id"] == insight["approval_id"], "shown_value"].tolist() == [
        money_text(insight["value"]) + " per month"]
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


@pytest.fixture
def con(demo: Path, demo_con):
    return demo_con


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_page_access_by_role(demo: Path, role: str) -> None:
    at = run_page("approvals.py", role)
    assert not no_access(at)  # every role has its view of the page
    assert not at.exception


def test_approvals_page_per_role(con) -> None:
    approved = add_result(con, entity="Harbor Logistics", status="approved", confidence=0.9)
    pending = add_result(con, entity="Meridian Dental Group", status="pending_review", confidence=0.4)
    viewer = run_page("approvals.py", "viewer")
    shown = viewer.dataframe[0].value
    assert list(shown["result_id"]) == [approved]  # the provisional result is not shown
    assert len(viewer.button) == 0  # nothing to decide or request; only the approved result can be read
    assert [s.options for s in viewer.selectbox] == [[f"#{approved} Gross margin"]]

    analyst = run_page("approvals.py", "analyst", name="ana")
    assert [s.value for s in analyst.subheader] == ["My requests", "Request approval"]
    analyst.selectbox(key="approvals_result").set_value(approved)
    analyst.text_input(key="approvals_reason").input("sending Harbor a price increase")
    analyst.button(key="approvals_request").click().run()
    approval_id = one(con, "SELECT approval_id FROM approvals WHERE result_id = ?", [approved])[0]
    assert [s.value for s in analyst.success] == [f"Requested approval #{approval_id} for result #{approved}."]
    mine = analyst.dataframe[0].value  # "My requests": pending ones
    assert list(mine["result_id"]) == [approved]  # the flagged result belongs to its creator, not to ana
    assert not analyst.exception

    admin = run_page("approvals.py", "admin", name="ada")
    queue = admin.dataframe[0].value  # "Waiting for review"
    assert sorted(queue["result_id"]) == sorted([approved, pending])
    admin.selectbox(key="approvals_pick").set_value(approval_id)
    admin.button(key="approvals_reject").click().run()  # no comment: refused
    assert "needs a comment" in admin.error[0].value
    admin.text_area(key="approvals_comment").input("numbers check out")
    admin.button(key="approvals_approve").click().run()
    assert [s.value for s in admin.success] == [f"Approval #{approval_id} is now approved."]
    assert one(con, "SELECT status, decided_by, comment FROM approvals WHERE approval_id = ?", [approval_id]) == \
        ("approved", "ada", "numbers check out")
    assert not admin.exception

    analyst = run_page("approvals.py", "analyst", name="ana")  # the requester sees the decision
    decided = analyst.dataframe[0].value  # nothing pending: the first table is "decided"
    assert list(zip(decided["status"], decided["decided_by"], decided["comment"], strict=True)) == \
        [("Approved", "ada", "numbers check out")]  # statuses in words


def test_admin_cannot_approve_own_request_on_the_page(con) -> None:
    result_id = add_result(con)
    approval_id = approvals.request(con, User("ada", "admin"), result_id, "my own")
    at = run_page("approvals.py", "admin", name="ada")
    at.selectbox(key="approvals_pick").set_value(approval_id)
    at.button(key="approvals_approve").click().run()
    assert "four-eyes" in at.error[0].value
    assert one(con, "SELECT status FROM approvals WHERE approval_id = ?", [approval_id]) == ("pending_review",)
    assert not at.exception


def test_viewers_without_client_rows(con) -> None:
    add_result(con, entity="Harbor Logistics", status="approved")
    company = add_result(con, entity_type="company", entity="company", status="approved")
    policies.update(con, User("boss", "admin"), {"viewers_see_client_rows": False})
    at = run_page("approvals.py", "viewer")
    assert list(at.dataframe[0].value["result_id"]) == [company]


def test_approvals_tables(demo: Path) -> None:
    def results(con: db.Connection) -> None:
        add_result(con, entity="Meridian Dental Group", status="pending_review", confidence=0.4)
        approved = add_result(con, entity="Harbor Logistics", status="approved", confidence=0.9)
        request_id = approvals.request(con, User("ana", "analyst"), approved, "sending Harbor a price increase")
        approvals.decide(con, User("ada", "admin"), request_id, "approve", "numbers check out")

    with_con(demo, results)
    viewer = run_page("approvals.py", "viewer")  # approved results name clients
    assert downloads(viewer) == set() and refused(viewer) == 1
    admin = run_page("approvals.py", "admin")
    assert downloads(admin) == {"approvals_pending_download", "approvals_decided_download"}
    assert not viewer.exception and not admin.exception


def test_an_outcome_shows_once_on_the_next_run(con) -> None:
    """Request and decide run in button callbacks: their outcome (or refusal) is kept for the next run, then gone."""
    result_id = add_result(con, entity="Harbor Logistics", status="approved", confidence=0.9)
    analyst = run_page("approvals.py", "analyst", name="ana")
    analyst.selectbox(key="approvals_result").set_value(result_id)
    analyst.button(key="approvals_request").click().run()  # no reason: refused, nothing stored
    assert [e.value for e in analyst.error] == ["a request needs a reason  \nHint: say what the result will be used for, "
                                                "e.g. 'price increase for Acme'"]
    assert one(con, "SELECT count(*) FROM approvals WHERE result_id = ?", [result_id]) == (0,)
    analyst.run()
    assert not analyst.error and not analyst.success
    analyst.text_input(key="approvals_reason").input("board pack")
    analyst.button(key="approvals_request").click().run()
    assert len(analyst.success) == 1 and analyst.text_input(key="approvals_reason").value == ""  # the reason is cleared
    analyst.run()
    assert not analyst.success and not analyst.exception


def test_a_two_period_answer_reads_in_the_ask_pages_units(demo_path: Path, app_env, ask_config) -> None:
    """h103 left: "gross margin Q2 vs Q3 2026" sent for approval read Before 0.34, After 0.31, Change -0.03 on the
    Approvals page while Ask drew 34.1%, 31.3%, -2.8 pp. Both pages now give the columns the metric's unit."""
    import json

    app_env(demo_path)
    con = db.connect(demo_path)
    answer = ask(con, ANALYST, "gross margin Q2 vs Q3 2026", AS_OF, config=ask_config, model=None)
    assert answer.columns[:3] == ["before", "after", "change"], answer.columns
    send_for_approval(con, ANALYST, answer, "board pack")
    con.close()
    at = run_page("approvals.py", "admin")
    assert not at.exception
    table = next(t for t in at.dataframe if "before" in t.value.columns)
    config = json.loads(table.proto.columns or "{}")
    assert [config[c]["type_config"]["format"] for c in ("before", "after", "change")] == ["%.1f%%", "%.1f%%", "%.1f pp"]
    before, after, change = (float(v) for v in answer.rows[0][:3])
    assert [table.value[c].tolist()[0] for c in ("before", "after", "change")] == \
        [round(before * 100, 1), round(after * 100, 1), round(change * 100, 1)]  # 34.1, 31.3, -2.8; not 0.34


def test_the_request_picker_shows_the_new_status_after_a_decision(con) -> None:
    """h103 left: after the admin pressed Approve, the "Request approval" picker still read "#386 ... (waiting for
    approval)": the browser keeps the label it was sent for the selected option (Streamlit sends a new one only when
    the value is set), though the options carried the new status. A decision and a request now send it."""
    result_id = add_result(con, entity="Harbor Logistics", status="approved", confidence=0.9)
    approval_id = approvals.request(con, ANALYST, result_id, "board pack")
    admin = run_page("approvals.py", "admin", name="ada")
    admin.selectbox(key="approvals_result").set_value(result_id).run()
    picker = admin.selectbox(key="approvals_result")
    waiting = picker.format_func(result_id)
    assert waiting.endswith("(waiting for approval)"), waiting
    admin.selectbox(key="approvals_pick").set_value(approval_id)
    admin.button(key="approvals_approve").click().run()
    assert not admin.exception and [s.value for s in admin.success] == [f"Approval #{approval_id} is now approved."]
    picker = admin.selectbox(key="approvals_result")
    assert picker.value == result_id and picker.proto.set_value
    assert picker.proto.raw_value == picker.format_func(result_id) == waiting.replace("(waiting for approval)", "(approved)")
