"""In Chromium: the Approvals page's "Request approval" picker shows the selected result's new status right after an
admin's decision (h103 saw "(waiting for approval)" until a reload; h112 sends the label again)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from moat import db
from moat.governance import approvals
from moat.governance.permissions import User
from tests.browser.app_browser import choose_option, login, open_app, open_page, wait_until_drawn
from tests.governance.gov_util import add_result

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
ENTITY = "Harbor Logistics"


@pytest.fixture
def waiting_db(demo_template: Path, tmp_path: Path) -> tuple[Path, int, int]:
    """A demo copy holding one result an analyst asked to have reviewed."""
    path = tmp_path / "moat.duckdb"
    shutil.copy(demo_template, path)
    con = db.connect(path)
    result_id = add_result(con, metric="license_waste", entity=ENTITY, value=1234.5, confidence=0.9, status="approved")
    approval_id = approvals.request(con, User("analyst", "analyst"), result_id, "board pack")
    con.close()
    return path, result_id, approval_id


def test_the_request_picker_reads_the_new_status_after_approve(streamlit_server: Callable[..., str],
                                                                new_page: Callable[..., Page], waiting_db) -> None:
    path, result_id, approval_id = waiting_db
    admin = new_page()
    open_app(admin, streamlit_server(path))
    login(admin, "admin", "admin")
    open_page(admin, "Approvals")
    label = f"#{result_id} Licence waste - {ENTITY}"
    choose_option(admin, "Result", f"{label} (waiting for approval)")
    picker = admin.get_by_label("Result", exact=True)  # the combobox input: its value is the label drawn
    assert picker.input_value() == f"{label} (waiting for approval)"
    choose_option(admin, "Request to decide", f"#{approval_id}")
    admin.get_by_role("button", name="Approve").click()
    wait_until_drawn(admin)
    admin.locator("[data-testid=stAlertContentSuccess]").first.wait_for()
    wait_until_drawn(admin)  # the run that drew the success box drew the picker too
    assert picker.input_value() == f"{label} (approved)"
    assert admin.locator("[data-testid=stException]").count() == 0
