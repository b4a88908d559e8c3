"""The Audit trail page per role: admins only; the chain's verification, filters, a broken chain named by its row,
and the download of every matching row."""

from __future__ import annotations

from pathlib import Path

import pytest

from moat.db import rows
from tests.helpers import run_page
from tests.pages.checks import downloads, no_access


@pytest.fixture
def con(demo: Path, demo_con):
    return demo_con


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_page_access_by_role(demo: Path, role: str) -> None:
    at = run_page("audit.py", role)
    assert no_access(at) is (role != "admin")
    if role != "admin":
        assert len(at.dataframe) == 0 and len(at.button) == 0  # nothing of the page is drawn
    assert not at.exception


def test_audit_page_shows_verification_filters_and_exports(con) -> None:
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


def test_audit_download_for_admins(demo: Path) -> None:
    assert downloads(run_page("audit.py", "admin")) == {"audit_export"}


def test_the_trail_lists_actions_under_action_in_words(demo: Path) -> None:
    """h112: the audited action was listed under "What to do" (Insights' header for its advice) as "commit", and the
    time under "Ts"."""
    import json

    at = run_page("audit.py", "admin")
    table = at.dataframe[0]
    labels = {k: v.get("label") for k, v in json.loads(table.proto.columns or "{}").items()}
    assert "What to do" not in labels.values() and "Ts" not in labels.values()
    assert labels["event"] == "Action" and labels["at"] == "When"
    assert "Commit" in set(table.value["event"]) and "commit" not in set(table.value["event"])
    assert not at.exception
