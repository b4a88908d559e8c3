"""The Users page per role: admins only; adding and disabling accounts (a disabled user's open session ends), each
change's outcome shown once on the next run (``moat.ui.flash``), and the accounts download."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from moat import config
from moat.governance import users
from tests.helpers import ROOT, ensure_user, run_page
from tests.pages.checks import downloads, no_access


@pytest.fixture
def con(demo: Path, demo_con):
    return demo_con


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_page_access_by_role(demo: Path, role: str) -> None:
    at = run_page("users.py", role)
    assert no_access(at) is (role != "admin")
    if role != "admin":
        assert len(at.dataframe) == 0 and len(at.button) == 0  # nothing of the page is drawn
    assert not at.exception


def test_users_page_adds_and_disables(con) -> None:
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



def test_users_download_for_admins(demo: Path) -> None:
    assert downloads(run_page("users.py", "admin")) == {"download_users"}


def test_a_refused_change_says_why_and_changes_nothing(con) -> None:
    cfg = config.load()
    at = run_page("users.py", "admin", name="ada")
    at.text_input(key="users_new_name").input("newbie")
    at.text_input(key="users_new_password").input("newbie-password")
    at.text_input(key="users_new_repeat").input("another-password")
    at.button[-1].click().run()
    assert [e.value for e in at.error] == ["The passwords do not match."] and not at.success
    assert users.get(cfg, "newbie") is None
    at.button(key="users_toggle").click().run()  # ada is the only admin: disabling her is refused
    assert "last enabled admin" in at.error[0].value and not users.get(cfg, "ada").disabled
    at.run()  # an outcome shows once
    assert not at.error and not at.exception
