"""Upload in a real Chromium (issue 3): sign in as an analyst, drop an invoices CSV, commit, see the revenue move.

The server runs on its own copy of the demo database, so the new invoice never reaches other browser tests.
The expected revenue is computed here from ``moat.metrics`` on that copy before the upload, plus the amount.

A genuinely new client (issue 17): with ``confirm_new_names`` on (the app's default) its rows wait in the
quarantine at commit; confirmed in the file's "Confirm new clients" list they load, and the Overview's active
clients and revenue move by exactly that client: one more client, its rows' amounts.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page

from moat import db
from moat.formatting import count_text, money_text
from moat.metrics.periods import default_period
from moat.metrics.summary import kpis
from tests.browser.app_browser import MAIN, login, open_app, open_page, tile_value, wait_until_drawn

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
AMOUNT = Decimal("12345.67")
CLIENT = "Harbor Logistics"  # an existing demo client
INVOICE = (
    "invoice_number,client_name,date,amount,currency,category,status\n"
    f"INV-BROWSER-1,{CLIENT},2026-10-15,{AMOUNT},USD,project,paid\n"  # in the demo's latest month
)


NEW_CLIENT = "Quillfeather Robotics"  # no demo client is anywhere near this name: no suggested match, a new client
NEW_AMOUNTS = (Decimal("4321.00"), Decimal("1000.50"))
NEW_CLIENT_INVOICES = (
    "invoice_number,client_name,date,amount,currency,category,status\n"
    f"INV-NEW-1,{NEW_CLIENT},2026-09-10,{NEW_AMOUNTS[0]},USD,project,paid\n"
    f"INV-NEW-2,{NEW_CLIENT},2026-10-12,{NEW_AMOUNTS[1]},USD,project,paid\n"
)



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


def success_text(page: Page, starts: str) -> str:
    """The success message that starts with ``starts``, once drawn (a rerun may still show the previous one)."""
    message = page.locator("[data-testid=stAlertContentSuccess]", has_text=starts).first
    message.wait_for()
    return message.inner_text()


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


def test_a_new_client_loads_only_once_confirmed_and_moves_the_overview_by_its_rows(
        streamlit_server: Callable[..., str], new_page: Callable[..., Page], demo_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "new-client" / "moat.duckdb"
    path.parent.mkdir()
    shutil.copy(demo_template, path)
    con = db.connect(path)
    before = kpis(con, default_period(con))
    con.close()
    assert NEW_CLIENT not in str(before)
    url = streamlit_server(path)
    page = open_app(new_page(1280, 900), url)
    login(page, "analyst", "analyst")
    assert tile_value(page, "Active clients") == count_text(before["clients"])
    assert tile_value(page, "Revenue") == money_text(before["revenue"])

    open_page(page, "Upload")
    csv = tmp_path / "new-client.csv"
    csv.write_text(NEW_CLIENT_INVOICES, encoding="utf-8")
    page.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(str(csv))
    page.get_by_role("heading", name="new-client.csv").wait_for()
    wait_until_drawn(page)
    text = page.locator(MAIN).inner_text()
    assert f"New clients never seen before: {NEW_CLIENT}. Their rows wait in the quarantine" in text
    assert "2 rows read: 0 to load, 2 quarantined, 0 skipped" in text
    assert "Suggested name matches" not in text  # nothing close: this is the new-clients list, not a misspelling
    page.get_by_role("button", name="Commit").click()
    assert "0 rows, 2 quarantined." in success_text(page, "Loaded as snapshot")  # held back, not a client yet

    confirm_list = page.locator("[data-testid=stMultiSelect]", has_text="Confirm new clients")  # the file's list
    confirm_list.wait_for()
    assert NEW_CLIENT in confirm_list.inner_text()  # ticked: every new name is chosen to start with
    page.get_by_role("button", name="Confirm 1 client", exact=True).click()
    done = success_text(page, "1 clients confirmed")
    assert done == "1 clients confirmed; waiting rows retried: 2 loaded, 0 still quarantined."
    wait_until_drawn(page)
    assert "2 rows read: 2 to load, 0 quarantined" in page.locator(MAIN).inner_text()  # the name is known now

    open_page(page, "Overview")
    assert tile_value(page, "Active clients") == count_text(before["clients"] + 1)
    assert tile_value(page, "Revenue") == money_text(before["revenue"] + sum(NEW_AMOUNTS))
    assert page.locator("[data-testid=stException]").count() == 0
