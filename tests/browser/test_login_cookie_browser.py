"""Signing in sets the re-authentication cookie, so reloading a page URL keeps the user signed in; logging out
revokes it on the server, so even a copy of it no longer signs in (Chromium).

The cookie is written by a component running in the browser; it must get written even when the user has moved
on before that component loaded, and a tab whose websocket reconnects, or that gets a new session, stays
signed in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Route
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from moat.ui.authenticator import COOKIE_NAME
from tests.browser.app_browser import PAGE_READY, login, open_app, open_page, sign_in_state, wait_until_drawn

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
# The frame of extra-streamlit-components' cookie component (what writes the login cookie in the browser).
COOKIE_FRAME = "**/component/extra_streamlit_components.CookieManager.cookie_manager/**"
# Keeps every websocket the page opens in window.__sockets, so a test can close them (the app then reconnects).
KEEP_SOCKETS = """(() => {
  const Native = window.WebSocket;
  window.__sockets = [];
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); window.__sockets.push(this); }
  };
})();"""


def signed_in_as(page: Page) -> str:
    return page.locator("[data-testid=stSidebar]").get_by_text("Signed in as").inner_text()


def test_reload_keeps_the_session_and_log_out_ends_it(demo_url: str, new_page: Callable[..., Page]) -> None:
    page = open_app(new_page(1280, 900), demo_url)
    login(page, "analyst", "analyst")
    page.wait_for_function(f"() => document.cookie.includes('{COOKIE_NAME}=')")  # the cookie component ran
    assert [c["name"] for c in page.context.cookies() if c["name"] == COOKIE_NAME] == [COOKIE_NAME]
    open_page(page, "Licences")
    frames: list[str] = []
    page.on("request", lambda request: frames.append(request.url) if "CookieManager" in request.url else None)
    page.reload()
    wait_until_drawn(page)
    page.wait_for_selector(f"input[type=password], {PAGE_READY}", state="attached")
    assert page.locator("input[type=password]").count() == 0  # no login form: the cookie signed us in again
    assert page.locator(PAGE_READY).first.inner_text() == "Licences"  # and on the same page
    # Signed in from the request's cookie without drawing the library's cookie manager: its report from the
    # browser started a rerun that, landing before the run had chosen its page, opened the Overview instead.
    assert frames == []
    assert signed_in_as(page) == "Signed in as analyst (analyst)"

    stolen = [c for c in page.context.cookies() if c["name"] == COOKIE_NAME]  # a copy taken before the logout
    log_out = page.locator("[data-testid=stSidebar]").get_by_role("button", name="Log out")
    signed_out = page.get_by_text("You are signed out.")
    # A click that lands while the cookie component's rerun starts can be lost: click again until the server
    # says so. Bounded by attempts, not by machine speed: each wait is long enough for a busy 2-core runner.
    for _ in range(8):
        wait_until_drawn(page)
        if signed_out.count():
            break
        if log_out.count():
            log_out.click()
        try:
            signed_out.wait_for(timeout=30_000)
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


def has_cookie(page: Page) -> bool:
    return any(c["name"] == COOKIE_NAME for c in page.context.cookies())


def test_moving_on_before_the_cookie_is_written_still_keeps_the_session(
        demo_url: str, new_page: Callable[..., Page]) -> None:
    """The cookie component's frame is held back until the user has signed in and gone to another page (a busy
    server or a slow network, made certain): the cookie must still be written once the frame loads, so a
    reconnected websocket and then a new session (a reload) both find the user signed in.

    Drawn only in the sign-in run, the component was gone by the time its frame could load: no cookie, and the
    reload showed the sign-in form although nobody had logged out."""
    page = new_page(1280, 900)
    page.add_init_script(KEEP_SOCKETS)
    open_app(page, demo_url)
    assert sign_in_state(page) == "form"
    held: list[Route] = []
    page.route(COOKIE_FRAME, lambda route: held.append(route))
    login(page, "viewer", "viewer")
    open_page(page, "Licences")
    assert not has_cookie(page) and held  # the frame that writes it has not loaded yet
    page.unroute(COOKIE_FRAME)
    for route in held:
        try:
            route.continue_()
        except PlaywrightError:
            pass  # its frame was removed meanwhile
    try:
        page.wait_for_function(f"() => document.cookie.includes('{COOKIE_NAME}=')", timeout=30_000)
    except PlaywrightTimeout:
        raise AssertionError("the login cookie was never written once the user had moved on") from None
    wait_until_drawn(page)

    # The websocket drops and reconnects: the server resumes the same session, still signed in.
    page.evaluate("window.__sockets.forEach(socket => socket.close())")
    page.wait_for_function("() => window.__sockets.length > 1 && window.__sockets.at(-1).readyState === WebSocket.OPEN")
    open_page(page, "Overview")
    assert sign_in_state(page) == "in" and signed_in_as(page) == "Signed in as viewer (viewer)"

    # A new session (the server has forgotten the tab's): the cookie signs it in again, on the same page.
    open_page(page, "Licences")
    page.reload()
    assert sign_in_state(page) == "in"
    page.wait_for_selector(PAGE_READY, state="attached")
    assert page.locator(PAGE_READY).first.inner_text() == "Licences"
    assert signed_in_as(page) == "Signed in as viewer (viewer)"
