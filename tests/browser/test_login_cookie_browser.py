"""Signing in sets the re-authentication cookie, so reloading a page URL keeps the user signed in; logging out
revokes it on the server, so even a copy of it no longer signs in (Chromium)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from moat.ui.auth import COOKIE_NAME
from tests.browser.app_browser import PAGE_READY, login, open_app, open_page, wait_until_drawn

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def signed_in_as(page: Page) -> str:
    return page.locator("[data-testid=stSidebar]").get_by_text("Signed in as").inner_text()


def test_reload_keeps_the_session_and_log_out_ends_it(demo_url: str, new_page: Callable[..., Page]) -> None:
    page = open_app(new_page(1280, 900), demo_url)
    login(page, "analyst", "analyst")
    page.wait_for_function(f"() => document.cookie.includes('{COOKIE_NAME}=')")  # the cookie component ran
    assert [c["name"] for c in page.context.cookies() if c["name"] == COOKIE_NAME] == [COOKIE_NAME]
    open_page(page, "Licences")
    page.reload()
    wait_until_drawn(page)
    page.wait_for_selector(f"input[type=password], {PAGE_READY}", state="attached")
    assert page.locator("input[type=password]").count() == 0  # no login form: the cookie signed us in again
    assert page.locator("[data-testid=stMain] h1").first.inner_text() == "Licences"  # and on the same page
    assert signed_in_as(page) == "Signed in as analyst (analyst)"

    stolen = [c for c in page.context.cookies() if c["name"] == COOKIE_NAME]  # a copy taken before the logout
    log_out = page.locator("[data-testid=stSidebar]").get_by_role("button", name="Log out")
    signed_out = page.get_by_text("You are signed out.")
    for _ in range(3):  # a click that lands while the cookie component's rerun starts can be lost: click again
        wait_until_drawn(page)
        if log_out.count():
            log_out.click()
        try:
            signed_out.wait_for(timeout=20_000)
            break
        except PlaywrightTimeout:
            continue
    signed_out.wait_for()
    wait_until_drawn(page)
    page.reload()  # logged out: the form again, whether or not the browser has dropped the cookie yet
    page.wait_for_selector("input[type=password]", state="attached")
    assert page.locator(PAGE_READY).count() == 0

    # Logout is enforced by the server, not by the browser deleting the cookie: the copy no longer signs in.
    page.context.add_cookies(stolen)
    page.reload()
    page.wait_for_selector("input[type=password]", state="attached")
    wait_until_drawn(page)
    assert page.locator(PAGE_READY).count() == 0
    assert page.locator("[data-testid=stSidebar]").get_by_text("Signed in as").count() == 0
