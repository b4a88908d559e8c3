"""Each governance page for each role: what is visible, what is refused, and the actions that work."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from moat import config
from moat.db import one, rows
from moat.governance import approvals, policies, users
from moat.governance.permissions import User
from tests.governance.gov_util import add_result
from tests.helpers import ROOT, ensure_user, run_page

REFUSED = "do not have access to this page"


@pytest.fixture
def con(app_env, demo_path: Path, demo_con):  # noqa: ANN001, ANN201
    app_env(demo_path)
    return demo_con


def refused(at) -> bool:  # noqa: ANN001
    return any(REFUSED in e.value for e in at.error)


@pytest.mark.parametrize("page,allowed", [
    ("audit.py", {"admin"}), ("policies.py", {"admin"}), ("users.py", {"admin"}),
    ("approvals.py", {"viewer", "analyst", "admin"}),
])
@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_page_access_by_role(con, page: str, allowed: set[str], role: str) -> None:  # noqa: ANN001
    at = run_page(page, role)
    assert refused(at) is (role not in allowed)
    if role not in allowed:
        assert len(at.dataframe) == 0 and len(at.button) == 0  # nothing of the page is drawn
    assert not at.exception


def test_approvals_page_per_role(con) -> None:  # noqa: ANN001
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


def test_admin_cannot_approve_own_request_on_the_page(con) -> None:  # noqa: ANN001
    result_id = add_result(con)
    approval_id = approvals.request(con, User("ada", "admin"), result_id, "my own")
    at = run_page("approvals.py", "admin", name="ada")
    at.selectbox(key="approvals_pick").set_value(approval_id)
    at.button(key="approvals_approve").click().run()
    assert "four-eyes" in at.error[0].value
    assert one(con, "SELECT status FROM approvals WHERE approval_id = ?", [approval_id]) == ("pending_review",)
    assert not at.exception


def test_viewers_without_client_rows(con) -> None:  # noqa: ANN001
    add_result(con, entity="Harbor Logistics", status="approved")
    company = add_result(con, entity_type="company", entity="company", status="approved")
    policies.update(con, User("boss", "admin"), {"viewers_see_client_rows": False})
    at = run_page("approvals.py", "viewer")
    assert list(at.dataframe[0].value["result_id"]) == [company]


def test_audit_page_shows_verification_filters_and_exports(con) -> None:  # noqa: ANN001
    total = rows(con, "SELECT count(*) FROM audit_log")[0][0]
    at = run_page("audit.py", "admin")
    assert at.success[0].value == f"Chain intact: all {total} rows verify."
    assert at.dataframe[0].value.shape[0] == total
    at.selectbox(key="audit_action").set_value("commit").run()
    commits = rows(con, "SELECT count(*) FROM audit_log WHERE action = 'commit'")[0][0]
    assert at.caption[0].value == f"{commits} matching rows"
    con.execute("UPDATE audit_log SET object = 'snapshot:999' WHERE seq = 2")
    broken = run_page("audit.py", "admin")
    assert "BROKEN at row 2" in broken.error[0].value
    assert not at.exception and not broken.exception


def test_policies_page_saves_and_validates(con) -> None:  # noqa: ANN001
    at = run_page("policies.py", "admin", name="ada")
    at.number_input(key="policies_review_confidence").set_value(0.8)
    at.text_input(key="policies_metrics").input("gross_margin")
    at.checkbox(key="policies_viewers").uncheck()
    at.button[0].click().run()
    assert at.success[0].value.startswith("Policies saved")
    policy = policies.get(con)
    assert (policy.review_confidence, policy.always_review_metrics, policy.viewers_see_client_rows) == (0.8, ("gross_margin",), False)
    assert [r[0] for r in rows(con, "SELECT object FROM audit_log WHERE action = 'policy_set' ORDER BY seq")] == [
        "policy:review_confidence", "policy:always_review_metrics", "policy:viewers_see_client_rows"]
    at.text_input(key="policies_metrics").input("Gross Margin!")
    at.button[0].click().run()
    assert "always_review_metrics" in at.error[0].value
    assert not at.exception


def test_users_page_adds_and_disables(con) -> None:  # noqa: ANN001
    cfg = config.load()
    ensure_user("ana", "analyst")
    at = run_page("users.py", "admin", name="ada")
    names = list(at.dataframe[0].value["name"])
    assert names == ["ada", "ana"]
    at.text_input(key="users_new_name").input("newbie")
    at.selectbox(key="users_new_role").set_value("viewer")
    at.text_input(key="users_new_password").input("newbie-password")
    at.text_input(key="users_new_repeat").input("newbie-password")
    at.button[-1].click().run()
    assert at.success[0].value.startswith("Saved")
    assert users.get(cfg, "newbie").role == "viewer"
    at.selectbox(key="users_pick").set_value("ana").run()
    at.button(key="users_toggle").click().run()
    assert users.get(cfg, "ana").disabled
    # ana's open session ends at her next action
    ana = AppTest.from_file(str(ROOT / "pages" / "approvals.py"), default_timeout=30)
    ana.session_state["moat_user"] = {"name": "ana", "role": "analyst"}
    ana.run()
    assert any("account disabled" in w.value for w in ana.warning) and len(ana.dataframe) == 0
    assert not at.exception and not ana.exception
