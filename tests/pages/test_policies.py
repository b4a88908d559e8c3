"""The Policies page per role: admins only; saving validates every value first and audits each change, and the
policy table downloads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from moat.db import rows
from moat.governance import policies
from moat.governance.permissions import User
from moat.views import policies as view
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
    assert at.number_input(key="policies_review_confidence").value == 70.0  # a percentage, as the table says
    at.number_input(key="policies_review_confidence").set_value(80.0)
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


def test_the_review_threshold_is_entered_as_a_percent_and_audited_as_both(con) -> None:
    """h112: the form took 0.70 while the table and every page said 70%; entering 80 meant 8,000%."""
    at = run_page("policies.py", "admin", name="ada")
    field = at.number_input(key="policies_review_confidence")
    assert field.label == "Review results below this confidence (%)" and field.value == 70.0
    field.set_value(72.5)
    at.button[0].click().run()
    assert not at.error and at.success[0].value.startswith("Policies saved")
    assert policies.get(con).review_confidence == 0.725
    detail = json.loads(rows(con, "SELECT CAST(details AS VARCHAR) FROM audit_log WHERE action = 'policy_set' "
                                  "ORDER BY seq")[-1][0])
    assert {k: detail[k] for k in ("from", "to", "from_percent", "to_percent")} == {
        "from": 0.7, "to": 0.725, "from_percent": "70%", "to_percent": "72.5%"}
    assert "72.5%" in [r["value"] for r in view.table(policies.get(con)).iter_rows(named=True)]


@pytest.mark.parametrize("entered", [120, -1, "seventy"])
def test_a_review_threshold_outside_0_to_100_percent_is_refused(con, entered) -> None:
    with pytest.raises(policies.PolicyError, match="is not a percentage between 0 and 100") as err:
        view.save(con, User("ada", "admin"), {"review_confidence": entered})
    assert "e.g. 70 for 70%" in str(err.value.hint)
    assert policies.get(con).review_confidence == 0.7  # nothing stored
