"""F14 in a real Chromium against `streamlit run`: a click on "Download CSV" delivers the file, with the rows shown.

Every deferred download (CSV, Excel, the executive report) used to do nothing in the browser: the file was made on
click with the page run's cursor, closed once the page had been drawn ("Connection already closed!" in the server
log). Only a real server shows this: the page run ends before any click can reach it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from moat import db
from moat.governance.users import DEMO_USERS
from moat.metrics.periods import default_period
from moat.views.overview import overview
from tests.browser.app_browser import login, open_app, wait_until_drawn

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture(scope="module")
def top_clients(demo_template: Path) -> list[str]:
    """The Overview's "Most profitable clients" on its default period, computed here, not by the page."""
    con = db.connect(demo_template, read_only=True)
    try:
        table = overview(con, default_period(con)).top_clients
        assert table is not None
        return table["client_name"].to_list()
    finally:
        con.close()


def test_overview_csv_and_report_download_in_the_browser(
    streamlit_server: Callable[..., str], demo_template: Path, tmp_path: Path, new_page: Callable[..., Page],
    top_clients: list[str],
) -> None:
    from moat.governance import audit

    db_path = tmp_path / "downloads" / "moat.duckdb"
    db_path.parent.mkdir()
    shutil.copy(demo_template, db_path)
    # The template's audit rows are keyed with this process's audit key; a download is audited, so the server
    # must chain on with the same key (as in test_app_service_browser).
    url = streamlit_server(db_path, env={"MOAT_AUDIT_KEY_FILE": str(audit.key_path())})
    page = open_app(new_page(1280, 900), url)
    login(page, "admin", DEMO_USERS["admin"][1])
    wait_until_drawn(page)
    csv_button = page.locator("[data-testid=stDownloadButton]").filter(has_text="Download CSV").first
    csv_button.wait_for()
    with page.expect_download(timeout=60_000) as info:
        csv_button.locator("button").click()
    download = info.value
    assert download.failure() is None
    lines = Path(download.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "client_name,revenue,gross_profit,gross_margin"
    assert len(lines) - 1 == len(top_clients) > 0
    assert [line.split(",")[0] for line in lines[1:]] == top_clients

    report = page.locator("[data-testid=stDownloadButton]").filter(has_text="Executive report (PDF)")
    with page.expect_download(timeout=120_000) as info:
        report.locator("button").click()
    pdf = Path(info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    assert page.locator("[data-testid=stException]").count() == 0
