"""A real-browser journey per role (issue 17), asserting the numbers shown; screenshots kept as artefacts.

- viewer, the morning check: Overview tiles (value and change) as ``moat.metrics.summary`` computes them, at
  1400 px and at 400 px (nothing wider than the phone); no admin heading, no "View n more"; Insights says how
  many recommendations await approval.
- analyst: upload a messy invoices file (title row, currency strings, a "Total" row, a misspelt client) ->
  the misspelt row waits in the quarantine -> the Overview revenue moves by exactly the loaded amounts -> fix
  names (confirm the suggested match on the Upload page) -> the revenue moves by exactly the confirmed row -> Ask
  about the client -> Explain the client.
- admin approve -> viewer sees it: the admin reads the request's content (value, evidence), approves it, and
  the viewer finds it under "Approved results" and on Insights.

Screenshots go to ``$MOAT_ARTEFACTS_DIR`` (default ``artefacts/browser``), one per step, for CI to keep.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page

from moat import config, db
from moat.analytics import insights, run
from moat.analytics.evidence import gather
from moat.formatting import change_text, count_text, money_text
from moat.governance import approvals
from moat.governance.permissions import User
from moat.metrics import profitability
from moat.metrics.periods import Period, default_period
from moat.metrics.summary import summary
from tests.browser.app_browser import (
    PAGE_READY,
    choose_option,
    login,
    open_app,
    open_page,
    wait_for_page,
    wait_until_drawn,
)
from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
ARTEFACTS = Path(os.environ.get("MOAT_ARTEFACTS_DIR", ROOT / "artefacts" / "browser"))
CLIENT = "Harbor Logistics"


def shot(page: Page, name: str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTEFACTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000  # a drawn page, not a blank one
    return target


def tile(page: Page, label: str) -> tuple[str, str]:
    """(value, delta) of the KPI tile ``label`` ("" when it shows no change)."""
    box = page.locator("[data-testid=stMetric]").filter(has=page.locator("[data-testid=stMetricLabel]", has_text=label)).first
    box.wait_for()
    delta = box.locator("[data-testid=stMetricDelta]")
    return box.locator("[data-testid=stMetricValue]").inner_text().strip(), (delta.inner_text().strip() if delta.count() else "")


def settled(read: Callable[[], str], want: Callable[[str], bool], timeout_s: float = 60) -> str:
    """What ``read`` gives once ``want`` holds, or its last value after ``timeout_s``: ``wait_until_drawn`` can return
    before the rerun a click starts has begun (the previous content still shows), which failed under a full run."""
    deadline = time.monotonic() + timeout_s
    value = read()
    while not want(value) and time.monotonic() < deadline:
        time.sleep(0.25)
        value = read()
    return value


def main_text(page: Page) -> str:
    """Everything the tab shows (a chat page draws its input outside the main block, so read the whole app)."""
    return page.locator("[data-testid=stApp]").inner_text()


def grid_text(page: Page) -> str:
    page.wait_for_selector("[data-testid=stDataFrame] [role=gridcell]", state="attached")
    return "\n".join(c.text_content() or "" for c in page.locator("[data-testid=stDataFrame] [role=gridcell]").all())


def no_errors(page: Page) -> None:
    assert page.locator("[data-testid=stException]").count() == 0
    assert "Traceback" not in main_text(page)


def expected_tiles(path: Path) -> tuple[Period, dict[str, dict]]:
    con = db.connect(path)
    try:
        period = default_period(con)
        return period, {r["metric"]: r for r in summary(con, period).iter_rows(named=True)}
    finally:
        con.close()


@pytest.fixture
def journey_db(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "journey" / "moat.duckdb"
    path.parent.mkdir()
    shutil.copy(demo_template, path)
    return path


def test_viewer_morning_check(streamlit_server: Callable[..., str], new_page: Callable[..., Page], journey_db: Path) -> None:
    period, rows = expected_tiles(journey_db)
    con = db.connect(journey_db)
    waiting = len(insights.insights(gather(con, period), insights.Thresholds.from_config(config.load(env={}))))
    con.close()
    url = streamlit_server(journey_db)

    page = open_app(new_page(1400, 900), url)
    login(page, "viewer", "viewer")
    for label, metric in (("Revenue", "revenue"), ("Gross profit", "gross_profit"), ("Licence waste", "license_waste")):
        value, delta = tile(page, label)
        assert value == money_text(rows[metric]["value"])
        assert delta.endswith(change_text(rows[metric]["change"], "money").lstrip("+-"))
    value, delta = tile(page, "Gross margin")
    assert delta.endswith(change_text(rows["gross_margin"]["change"], "percent").lstrip("+-"))
    nav = page.locator("[data-testid=stSidebarNav]").inner_text()
    assert "Admin" not in nav and "Share" not in nav and "Approved results" in nav
    assert page.locator("[data-testid=stSidebarNavViewButton]").count() == 0  # no "View n more"
    table = page.locator("[data-testid=stDataFrame]").first
    table.hover()  # the table toolbar shows on hover: search and full screen, never an unaudited download
    page.locator("[data-testid=stElementToolbar]").first.wait_for(state="attached")
    assert page.get_by_role("button", name="Download as CSV").count() == 0
    no_errors(page)
    shot(page, "viewer-1-overview-1400")

    open_page(page, "Insights")
    assert f"{count_text(waiting, 'recommendation')} for this period await approval" in main_text(page)
    assert "every rule is within its threshold" not in main_text(page)
    no_errors(page)
    shot(page, "viewer-2-insights-1400")

    phone = open_app(new_page(400, 860), url)
    login(phone, "viewer", "viewer")
    assert tile(phone, "Revenue")[0] == money_text(rows["revenue"]["value"])
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 400  # nothing wider than the phone
    no_errors(phone)
    shot(phone, "viewer-3-overview-400")


MESSY = (
    "Invoices export - Acme PSA\n"  # a title row above the header
    "invoice_number,client_name,date,amount,currency,category,status\n"
    f'INV-J-1,{CLIENT},2026-10-15,"$1,234.50",USD,project,paid\n'
    f'INV-J-2,{CLIENT},2026-10-16,"$765.50",USD,project,paid\n'
    'INV-J-3,Harbr Logistcs Intl,2026-10-17,"$999.00",USD,project,paid\n'  # nobody knows this name
    ',Total,,"$2,999.00",,,\n'  # a Total row: reported, never loaded
)


def test_analyst_uploads_a_messy_file_fixes_names_then_asks_and_explains(
        streamlit_server: Callable[..., str], new_page: Callable[..., Page], journey_db: Path, tmp_path: Path) -> None:
    period, rows = expected_tiles(journey_db)
    con = db.connect(journey_db)
    october = Period.parse("2026-10-01", "2026-10-31")
    harbor_before = profitability(con, october).filter(profitability(con, october)["client_name"] == CLIENT)["revenue"][0]
    con.close()
    loaded, confirmed = Decimal("1234.50") + Decimal("765.50"), Decimal("999.00")
    url = streamlit_server(journey_db)
    page = open_app(new_page(1400, 900), url)
    login(page, "analyst", "analyst")
    assert tile(page, "Revenue")[0] == money_text(rows["revenue"]["value"])

    open_page(page, "Upload")
    messy = tmp_path / "messy-invoices.csv"
    messy.write_text(MESSY, encoding="utf-8")
    page.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(str(messy))
    page.get_by_role("heading", name="messy-invoices.csv").wait_for()
    wait_until_drawn(page)
    shot(page, "analyst-1-upload-preview")
    text = main_text(page)
    assert "2 to load, 1 quarantined" in text  # the unknown name waits; the Total row is skipped
    page.get_by_role("button", name="Commit").click()
    wait_until_drawn(page)
    page.locator("[data-testid=stAlertContentSuccess]").first.wait_for()
    shot(page, "analyst-2-upload-committed")

    open_page(page, "Overview")
    assert tile(page, "Revenue")[0] == money_text(Decimal(rows["revenue"]["value"]) + loaded)
    shot(page, "analyst-3-overview-after")

    # Fix names: the misspelt client waits in the quarantine with a suggested match; confirm it on the Upload page.
    open_page(page, "Upload")
    suggestion = f"client 'Harbr Logistcs Intl' is '{CLIENT}' (1 rows)"
    choose_option(page, "Confirm the right ones (each becomes an alias), then the quarantine is retried", suggestion)
    page.keyboard.press("Escape")
    wait_until_drawn(page)
    page.get_by_role("button", name="Confirm and retry").click()
    wait_until_drawn(page)
    done = "1 aliases confirmed; retried: 1 rows loaded, 0 still quarantined."
    assert done in settled(lambda: main_text(page), lambda t: done in t)
    assert "No rows waiting in quarantine." in main_text(page)
    shot(page, "analyst-4-names-fixed")

    open_page(page, "Overview")
    want = money_text(Decimal(rows["revenue"]["value"]) + loaded + confirmed)
    assert settled(lambda: tile(page, "Revenue")[0], lambda v: v == want) == want  # moved by exactly the confirmed row
    shot(page, "analyst-5-overview-names-fixed")

    open_page(page, "Ask")
    box = page.locator("[data-testid=stChatInputTextArea]")
    box.fill(f"What was the revenue of {CLIENT} in October 2026?")
    box.press("Enter")
    wait_until_drawn(page)
    page.locator("[data-testid=stChatMessage]").nth(1).wait_for()
    wait_until_drawn(page)
    answer = money_text(Decimal(str(harbor_before)) + loaded + confirmed)
    assert answer in settled(lambda: main_text(page).replace("\\", ""), lambda t: answer in t)
    no_errors(page)
    shot(page, "analyst-6-ask")

    open_page(page, "Explain")
    choose_option(page, "Client (worst margin first)", CLIENT)  # a long list drawn in part: filtered by typing
    wait_until_drawn(page)
    assert f"{CLIENT}'s margin is" in settled(lambda: main_text(page), lambda t: f"{CLIENT}'s margin is" in t)
    no_errors(page)
    shot(page, "analyst-7-explain")


def test_a_chat_page_reads_as_drawn(streamlit_server: Callable[..., str], new_page: Callable[..., Page],
                                    journey_db: Path) -> None:
    """The Ask page "hang" of the analyst journey: once its chat input is drawn, Streamlit swaps the main element
    (``data-testid=stMain``) for a scroll-to-bottom one, so a page-ready selector on stMain never matched a chat
    page drawn in one go (a busy machine); the app was idle all along. ``PAGE_READY`` must match it."""
    page = open_app(new_page(1400, 900), streamlit_server(journey_db))
    login(page, "analyst", "analyst")
    open_page(page, "Ask")
    page.locator("[data-testid=stChatInputTextArea]").wait_for()
    wait_until_drawn(page)
    assert page.locator(PAGE_READY).all_inner_texts() == ["Ask"]
    wait_for_page(page, "Ask", timeout_ms=5_000)


@pytest.fixture
def queued_db(journey_db: Path) -> tuple[Path, dict]:
    """A stored analysis whose results all wait for review; the request to approve is a recommendation."""
    con = db.connect(journey_db)
    cfg = config.load(env={}).with_(review_confidence=1.0)
    run.run(con, User("ana", "analyst"), default_period(con), cfg)
    queue = approvals.queue(con, User("ada", "admin"), "pending_review", cfg)
    pick = queue.filter(queue["metric"] == "insight_reprice").row(0, named=True)
    con.close()
    return journey_db, pick


def test_admin_approves_and_the_viewer_sees_it(streamlit_server: Callable[..., str], new_page: Callable[..., Page],
                                              queued_db: tuple[Path, dict]) -> None:
    path, pick = queued_db
    url = streamlit_server(path)
    admin = open_app(new_page(1400, 900), url)
    login(admin, "admin", "admin")
    assert admin.locator("[data-testid=stSidebarNavViewButton]").count() == 0
    assert admin.locator("[data-testid=stSidebarNavLink]", has_text="Users").first.is_visible()  # in sight, no fold
    open_page(admin, "Approvals")
    choose_option(admin, "Request to decide", f"#{pick['approval_id']}", exact=True)  # a long list: filtered by typing
    want = money_text(pick["value"]) + " per month"  # h88: an insight's value is monthly and says so
    assert settled(lambda: tile(admin, "Value")[0], lambda v: v == want) == want
    text = main_text(admin).replace("\\", "")
    assert f"Below the target margin: {pick['entity']}" in text and "insight_reprice" not in text
    assert "None" not in grid_text(admin)
    shot(admin, "admin-1-request-content")
    admin.get_by_role("button", name="Approve").click()
    wait_until_drawn(admin)
    assert admin.locator("[data-testid=stAlertContentSuccess]").first.inner_text() == \
        f"Approval #{pick['approval_id']} is now approved."
    shot(admin, "admin-2-approved")

    viewer = open_app(new_page(1400, 900), url)
    login(viewer, "viewer", "viewer")
    open_page(viewer, "Approved results")
    cells = grid_text(viewer)
    assert pick["entity"] in cells and money_text(pick["value"]) in cells
    shot(viewer, "viewer-4-approved-results")
    open_page(viewer, "Insights")
    assert pick["entity"] in grid_text(viewer)
    no_errors(viewer)
    shot(viewer, "viewer-5-insights-approved")
