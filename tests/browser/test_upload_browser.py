"""Upload in a real Chromium (issue 3): sign in as an analyst, drop an invoices CSV, commit, see the revenue move.

The server runs on its own copy of the demo database, so the new invoice never reaches other browser tests.
The expected revenue is computed here from ``moat.metrics`` on that copy before the upload, plus the amount.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page

from moat import db
from moat.formatting import money_text
from moat.metrics.periods import default_period
from moat.metrics.summary import kpis
from tests.browser.app_browser import MAIN, login, open_app, open_page, wait_until_drawn

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
AMOUNT = Decimal("12345.67")
CLIENT = "Harbor Logistics"  # an existing demo client
INVOICE = (
    "invoice_number,client_name,date,amount,currency,category,status\n"
    f"INV-BROWSER-1,{CLIENT},2026-10-15,{AMOUNT},USD,project,paid\n"  # in the demo's latest month
)


def tile_value(page: Page, label: str) -> str:
    tile = page.locator("[data-testid=stMetric]").filter(has=page.locator("[data-testid=stMetricLabel]", has_text=label))
    return tile.first.locator("[data-testid=stMetricValue]").inner_text().strip()


@pytest.fixture
def upload_db(demo_template: Path, tmp_path: Path) -> tuple[Path, Decimal]:
    """A private demo copy and the Overview's revenue on it before any upload."""
    path = tmp_path / "upload" / "moat.duckdb"
    path.parent.mkdir()
    shutil.copy(demo_template, path)
    con = db.connect(path)
    try:
        period = default_period(con)
        assert (period.start.isoformat(), period.end.isoformat()) == ("2026-08-01", "2026-10-31")
        return path, kpis(con, period)["revenue"]
    finally:
        con.close()


def test_upload_commit_changes_the_overview(streamlit_server: Callable[..., str], new_page: Callable[..., Page],
                                            upload_db: tuple[Path, Decimal], tmp_path: Path) -> None:
    path, before = upload_db
    url = streamlit_server(path)
    page = open_app(new_page(1280, 900), url)
    login(page, "analyst", "analyst")
    assert tile_value(page, "Revenue") == money_text(before)

    open_page(page, "Upload")
    csv = tmp_path / "new-invoice.csv"
    csv.write_text(INVOICE, encoding="utf-8")
    page.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(str(csv))
    page.get_by_role("heading", name="new-invoice.csv").wait_for()
    wait_until_drawn(page)
    assert "1 row read: 1 to load, 0 quarantined, 0 skipped" in page.locator(MAIN).inner_text()
    page.get_by_role("button", name="Commit").click()
    wait_until_drawn(page)
    done = page.locator("[data-testid=stAlertContentSuccess]").first
    done.wait_for()
    assert done.inner_text().startswith("Loaded as snapshot") and "1 row, 0 quarantined" in done.inner_text()

    open_page(page, "Overview")
    assert tile_value(page, "Revenue") == money_text(before + AMOUNT)
    assert page.locator("[data-testid=stException]").count() == 0
