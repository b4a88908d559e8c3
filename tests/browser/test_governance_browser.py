"""In Chromium against `streamlit run`: analyst requests approval, admin approves, viewer sees the result."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from moat import db
from tests.browser.app_browser import choose_option, login, open_app, open_page, wait_until_drawn
from tests.governance.gov_util import add_result

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
ENTITY = "Harbor Logistics"


@pytest.fixture
def review_db(demo_template: Path, tmp_path: Path) -> tuple[Path, int]:
    """A demo copy holding one result that was sent back earlier, so Viewers cannot see it yet."""
    path = tmp_path / "moat.duckdb"
    shutil.copy(demo_template, path)
    con = db.connect(path)
    result_id = add_result(con, metric="license_waste", entity=ENTITY, value=1234.5, confidence=0.8,
                           status="changes_requested", created_by="analytics")
    con.close()
    return path, result_id


def viewer_rows(page: Page) -> str:
    """The cell text of the Approvals page's tables ("" when it says there is nothing approved yet).

    The data grid draws on a canvas and keeps an accessible copy of its cells (role=gridcell) in the DOM.
    """
    page.wait_for_selector("[data-testid=stDataFrame] [role=gridcell], [data-testid=stAlertContentInfo]", state="attached")
    cells = page.locator("[data-testid=stDataFrame] [role=gridcell]")
    return "\n".join(cell.text_content() or "" for cell in cells.all())


def alert(page: Page, kind: str) -> str:
    return page.locator(f"[data-testid=stAlertContent{kind}]").first.inner_text()


def sign_in_to_approvals(page: Page, url: str, user: str) -> Page:
    """Sign in (demo accounts: password = name) and open Approvals from the sidebar, as a person would.

    Through ``open_page``, which clicks again when the first click is lost: a click right after sign-in can land as
    the login cookie's rerun starts (one full run timed out here on a single click).
    """
    open_app(page, url)
    login(page, user, user)
    return open_page(page, "Approved results" if user == "viewer" else "Approvals")  # viewers find it under Results


def test_request_approve_view(streamlit_server: Callable[..., str], new_page: Callable[..., Page], review_db) -> None:
    path, result_id = review_db
    url = streamlit_server(path)

    viewer = sign_in_to_approvals(new_page(), url, "viewer")
    assert ENTITY not in viewer_rows(viewer)  # sent back earlier: not approved, so not shown

    analyst = sign_in_to_approvals(new_page(), url, "analyst")
    choose_option(analyst, "Result", f"#{result_id} Licence waste - {ENTITY} (changes requested)")
    analyst.get_by_label("Why it needs review").fill("sending Harbor a licence clean-up proposal")
    analyst.get_by_label("Why it needs review").press("Enter")
    wait_until_drawn(analyst)
    analyst.get_by_role("button", name="Request approval").click()
    wait_until_drawn(analyst)
    done = alert(analyst, "Success")
    approval_id = int(re.fullmatch(rf"Requested approval #(\d+) for result #{result_id}\.", done).group(1))

    admin = sign_in_to_approvals(new_page(), url, "admin")
    choose_option(admin, "Request to decide", f"#{approval_id}")
    admin.get_by_role("button", name="Approve").click()
    wait_until_drawn(admin)
    assert alert(admin, "Success") == f"Approval #{approval_id} is now approved."

    open_page(viewer, "Approved results")  # the viewer's next action: the page again, now with the approval
    viewer.locator("[data-testid=stDataFrame] [role=gridcell]", has_text=ENTITY).first.wait_for(state="attached")
    row = viewer_rows(viewer)
    assert ENTITY in row and "Licence waste" in row and "Approved" in row  # words, not field or enum names
    assert "license_waste" not in row
    for page in (viewer, analyst, admin):
        assert page.locator("[data-testid=stException]").count() == 0
