"""The Share page per role against the scale-1 demo: admins only; accuracy and budget before anything is spent,
a warning with what would help when a release is too coarse (issue 17 point 10), the release and its downloads."""

from __future__ import annotations

from pathlib import Path

import pytest

from moat import db
from moat.governance.permissions import local_operator
from moat.privacy import releases
from tests.helpers import run_page
from tests.pages.checks import downloads, texts

ADMIN = local_operator("admin-test")


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_share_is_for_admins_only(demo_path, app_env, role: str) -> None:
    app_env(demo_path)
    at = run_page("share.py", role)
    assert f"You ({role}) do not have access to this page." in texts(at)
    assert not at.button
    assert not at.exception


def test_admin_previews_then_releases_and_downloads(demo_path, app_env) -> None:
    app_env(demo_path)
    at = run_page("share.py", "admin")
    assert not at.exception
    assert [m.label for m in at.metric] == ["Budget per client-month", "Spent", "Remaining"]
    assert [m.value for m in at.metric] == ["3", "0", "3"]
    preview = at.dataframe[0].value
    assert list(preview["aggregate"]) == ["clients", "margin_sum", "margin_clients"]
    # epsilon 1 over 3 aggregates: a count's 95% accuracy is OpenDP's integer-Laplace figure at scale 3
    assert preview["accuracy"][0] == 9.45  # shown rounded half-up to 2 decimals (9.4457...)
    assert "Accuracy before you spend" in [h.value for h in at.subheader]
    con = db.connect(demo_path)
    assert db.scalar(con, "SELECT count(*) FROM dp_ledger") == 0  # showing the preview spent nothing
    con.close()

    at.button(key="share_release").click().run()
    assert not at.exception
    assert "Released (release 1): epsilon 1 spent." in texts(at)
    values = at.dataframe[1].value
    assert set(values["metric"]) == {"Clients", "Mean gross margin"}
    assert len(values) == 2 * 7
    assert "95% interval" in values.columns
    at.run()
    assert [m.value for m in at.metric] == ["3", "1", "2"]
    assert not at.exception


def test_share_warns_when_the_release_would_not_fit(demo_path, app_env) -> None:
    app_env(demo_path)
    con = db.connect(demo_path)
    releases.release(con, ADMIN, releases.request(con, ["client_count"], 2.5))
    con.close()
    at = run_page("share.py", "admin")
    assert "This release needs epsilon 1 but only 0.5 remains: it would be refused." in texts(at)
    at.button(key="share_release").click().run()
    assert "only 0.5 of the privacy budget 3 remains" in texts(at)
    assert not at.exception


def test_share_page_warns_per_segment_and_not_for_all_clients(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    at = run_page("share.py", "admin")
    assert not at.exception
    warnings = [w.value for w in at.warning if w.value.startswith("Too coarse to be useful")]
    assert len(warnings) == 1 and "What would help: " in warnings[0]
    assert "release all clients together" in warnings[0]
    at.radio(key="share_grouping").set_value("all").run()
    assert not at.exception
    # The counts are precise enough together; the mean margin built on them is not (h49, F15: tests/pages/test_h49_share.py).
    assert [w.value for w in at.warning if w.value.startswith("Too coarse")] == [
        w for w in (w.value for w in at.warning) if "mean gross margin is only known" in w]


def test_share_downloads_the_accuracy_then_the_released_values(demo: Path) -> None:
    share = run_page("share.py", "admin")
    assert downloads(share) == {"download_release-accuracy"}
    share.button(key="share_release").click().run()
    assert downloads(share) == {"download_release-accuracy", "download_release-values"}
    assert not share.exception


def test_a_release_request_is_kept_for_the_next_run_and_its_error_too(demo: Path) -> None:
    """The flash helper: "Request approval" runs in a callback, so its outcome shows on the next run, once."""
    from moat.governance import policies

    con = db.connect(demo)
    policies.set_value(con, ADMIN, "dp_requires_approval", True)
    con.close()
    at = run_page("share.py", "admin", name="ada")
    at.button(key="share_request").click().run()  # no reason given: refused, and the refusal says what to do
    refusal = [e.value for e in at.error]
    assert len(refusal) == 1 and "reason" in refusal[0].lower()
    at.text_input(key="share_reason").input("peer group Q3")
    at.button(key="share_request").click().run()
    assert "Requested approval #1: another admin decides it on the Approvals page." in [s.value for s in at.success]
    assert not at.error
    at.run()  # shown once: the next run no longer carries it
    assert "Requested approval #1" not in texts(at) and not at.exception
