"""The Policies page per role: admins only; saving validates every value first and audits each change, and the
policy table downloads."""

from __future__ import annotations

from pathlib import Path

import pytest

from moat.db import rows
from moat.governance import policies
from tests.helpers import run_page
from tests.pages.checks import downloads, no_access


@pytest.fixture
def con(demo: Path, demo_con):
    return demo_con


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_page_access_by_role(demo: Path, role: str) -> None:
    at = run_page("policies.py", role)
    assert no_access(at) is (role != "admin")
    if role != "admin":
        assert len(at.dataframe) == 0 and len(at.button) == 0  # nothing of the page is drawn
    assert not at.exception


def test_policies_page_saves_and_validates(con) -> None:
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


def test_policies_download_for_admins(demo: Path) -> None:
    assert downloads(run_page("policies.py", "admin")) == {"download_policies"}
