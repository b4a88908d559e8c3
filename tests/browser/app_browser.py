"""Helpers for real-browser tests (the fixtures live in ``conftest.py``): server processes, login, waiting.

Kept out of ``conftest.py`` so tests can import them as ``tests.browser.app_browser``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path

from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run",
]
START_TIMEOUT = 60.0
RENDER_TIMEOUT_MS = 60_000  # generous: CI runners and loaded laptops draw slowly
# A fresh server's first script run imports the app's whole stack (pandas, pyarrow, altair, DuckDB): on a loaded
# 2-core machine that ran past RENDER_TIMEOUT_MS once (the governance test, first in its session). Only how long a
# real failure takes to report grows.
FIRST_LOAD_TIMEOUT_MS = 180_000
RECLICK_S = 30  # a tab still idle on its previous page this long after a click on a page link lost the click
# The page's own content. Not ``[data-testid=stMain]``: on a page with a chat input (Ask) Streamlit swaps that
# element for a scroll-to-bottom one (``stAppScrollToBottomContainer``) once the input is drawn, so a page drawn
# in one go (a busy machine batches the deltas) never matched, and the Ask page looked "not drawn" for minutes.
MAIN = "[data-testid=stMainBlockContainer]"
# Every page starts with st.title (an h1); the login form has none. Its presence means a page has been drawn.
PAGE_READY = f"{MAIN} h1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy: the server is local


def _healthy(url: str) -> bool:
    try:
        with _DIRECT.open(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


class Servers:
    """The servers started in this session, keyed by (database, env); each is stopped in ``close``."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.running: dict[tuple[str, tuple[tuple[str, str], ...]], tuple[subprocess.Popen[bytes], str]] = {}

    def start(self, db_path: Path | str, env: dict[str, str] | None = None) -> str:
        key = (str(db_path), tuple(sorted((env or {}).items())))
        if key in self.running:
            return self.running[key][1]
        index = len(self.running)
        folder = self.workdir / f"server{index}"
        folder.mkdir(parents=True, exist_ok=True)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        # Only our own MOAT_* settings: a test's monkeypatched environment must not leak into the server.
        child_env = {k: v for k, v in os.environ.items() if not k.startswith("MOAT_")}
        child_env.update({
            "MOAT_DB_PATH": str(db_path),
            "MOAT_LOG_FILE": str(folder / "moat.log.jsonl"),
            "MOAT_USERS_FILE": str(folder / "users.yaml"),
            "MOAT_CACHE_DIR": str(folder / "cache"),
            "PYTHONUNBUFFERED": "1",
        })
        from moat.governance import audit

        # the test databases' audit rows are keyed with this process's key: the server chains on with the same one
        # (a signed trail with no key refuses writes, h48 F8)
        child_env["MOAT_AUDIT_KEY_FILE"] = str(audit.key_path())
        child_env.update(env or {})
        log = (folder / "streamlit.log").open("wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=child_env, stdout=log, stderr=subprocess.STDOUT,
        )
        log.close()
        self.running[key] = (proc, url)
        deadline = time.monotonic() + START_TIMEOUT
        while not _healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                output = (folder / "streamlit.log").read_text(encoding="utf-8", errors="replace")
                raise RuntimeError(f"streamlit did not start on {url} (exit {proc.poll()}):\n{output[-3000:]}")
            time.sleep(0.2)
        return url

    def close(self) -> None:
        for proc, _ in self.running.values():
            proc.terminate()
        for proc, _ in self.running.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        self.running.clear()


# What a tab shows once its script run has finished and been drawn: "in" (the sidebar names the signed-in user),
# "form" (the sign-in form), or null (a run in progress, or its elements not drawn yet).
SIGN_IN_STATE = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return null;
  if (document.querySelector('[data-testid=stStatusWidget] [data-testid=stStatusWidgetRunningIcon]')) return null;
  const sidebar = document.querySelector('[data-testid=stSidebar]');
  if (sidebar && sidebar.textContent.includes('Signed in as')) return 'in';
  if (document.querySelector('input[type=password]')) return 'form';
  return null;
}"""


def sign_in_state(page: Page, timeout_ms: float = RENDER_TIMEOUT_MS) -> str:
    """Wait until the tab shows either the sign-in form or a signed-in page, and say which ("form" or "in")."""
    return page.wait_for_function(SIGN_IN_STATE, timeout=timeout_ms).json_value()


def login(page: Page, user: str, password: str, attempts: int = 3) -> None:
    """Sign in through the login form if the app shows one; otherwise (already signed in) do nothing.

    Returns only once the sidebar names a signed-in user and a page is drawn. What the tab shows is decided on a
    finished, drawn run (``SIGN_IN_STATE``), never on one look at the DOM: the form is redrawn just after it first
    appears (the login cookie component reports back and triggers a rerun), and for a moment in that redraw there
    is no password box at all. Deciding "no password box, so already signed in" on such a moment returned with
    the tab never signed in (about one full run in four of the ten-tab test, which then took it for a sign-out).
    The redraw also wipes what was typed, so an attempt after which the tab is not signed in is repeated.
    """
    for _ in range(attempts):
        if sign_in_state(page) == "in":
            break
        page.locator("[data-testid=stForm] input[type=text]").first.fill(user)
        page.locator("input[type=password]").first.fill(password)
        page.locator("[data-testid=stForm]").get_by_role("button", name="Sign in").click()  # not the show-password eye
        try:
            page.wait_for_function(f"() => ({SIGN_IN_STATE})() === 'in'", timeout=10_000)
            break
        except PlaywrightTimeout:
            continue
    else:
        problems = page.locator("[data-testid=stAlert]").all_inner_texts()
        raise AssertionError(f"could not sign in as {user!r}: {problems or 'the login form stayed'}")
    page.wait_for_selector(PAGE_READY, state="attached")
    wait_until_drawn(page)


def wait_until_drawn(page: Page, timeout_ms: float | None = None) -> None:
    """Wait until Streamlit's script run has finished (the app shell exists and no run is in progress)."""
    page.wait_for_selector("[data-testid=stApp]", state="attached", timeout=timeout_ms)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') === 'notRunning'"
        " && !document.querySelector('[data-testid=stStatusWidget] [data-testid=stStatusWidgetRunningIcon]')",
        timeout=timeout_ms,
    )


def open_app(page: Page, url: str, path: str = "") -> Page:
    """Load ``url``/``path`` and wait until the first script run is drawn (a page, or the login form); allows a
    fresh server's first run ``FIRST_LOAD_TIMEOUT_MS``."""
    page.goto(f"{url}/{path}".rstrip("/"), timeout=FIRST_LOAD_TIMEOUT_MS)
    wait_until_drawn(page, FIRST_LOAD_TIMEOUT_MS)
    page.wait_for_selector(f"input[type=password], {PAGE_READY}", state="attached", timeout=FIRST_LOAD_TIMEOUT_MS)
    return page


def open_page(page: Page, title: str, attempts: int = 3) -> Page:
    """Go to another page of the signed-in app through the sidebar (a reload would start a new session).

    Opens the sidebar first where it starts collapsed (phone widths) and expands "View more" when the link is
    among the hidden ones. A click that lands just as a rerun begins (a component reporting back, e.g. the login
    cookie's right after sign-in) can be lost: a tab still idle on another page after ``RECLICK_S`` is clicked
    again, with a warning. A tab that shows the sign-in form instead fails at once: that is a sign-out.
    """
    expand = page.locator("[data-testid=stExpandSidebarButton]")
    collapsed = expand.count() > 0 and expand.first.is_visible()
    if collapsed:
        expand.first.click()
    for attempt in range(1, attempts + 1):
        click_page_link(page, title)
        try:
            wait_for_page(page, title, timeout_ms=RECLICK_S * 1000)
            break
        except PlaywrightTimeout:
            shown = sign_in_state(page)
            titles = page.locator(PAGE_READY).all_inner_texts()
            if shown == "form":
                raise AssertionError(f"the tab shows the sign-in form instead of {title!r}: signed out") from None
            if any(title in shown_title for shown_title in titles):  # only slow: drawn by now
                break
            if attempt == attempts:
                main = page.locator(MAIN)
                text = main.first.inner_text()[:600] if main.count() else page.content()[:600]
                raise AssertionError(f"page {title!r} not drawn after {attempts} clicks; the tab shows {titles}; "
                                     f"its text: {text!r}") from None
            warnings.warn(f"click on {title!r} lost (the tab still shows {titles}); clicked again", stacklevel=2)
    if collapsed:  # put it back as it was: on a phone the open sidebar covers the page
        page.locator("[data-testid=stSidebarCollapseButton] button").first.click()
        expand.first.wait_for(state="visible")
    return page


def click_page_link(page: Page, title: str, timeout_s: float = RENDER_TIMEOUT_MS / 1000) -> None:
    """Click the sidebar link to page ``title`` without waiting for the page (see ``wait_for_page``): lets a test
    start runs in several tabs before waiting on any, so the server draws them at the same time.

    Polls until the link can be clicked: right after sign-in the sidebar may not be drawn yet, and a long menu is
    drawn folded ("View n more"), so the link only appears once the fold is opened. Deciding once, on the first
    look, lost the race on a loaded machine (the fold appeared after the look, the link never did).
    """
    link = page.locator("[data-testid=stSidebarNavLink]", has_text=title)
    more = page.locator("[data-testid=stSidebarNavViewButton]")
    deadline = time.monotonic() + timeout_s
    while True:
        if link.count() and link.first.is_visible():
            link.first.click()
            return
        if more.count() and "more" in (more.first.text_content() or "").lower():
            more.first.click()
        if time.monotonic() > deadline:
            shown = page.locator("[data-testid=stSidebarNavLink]").all_text_contents()
            main = page.locator("[data-testid=stApp]")
            text = main.first.inner_text()[:400] if main.count() else page.content()[:400]
            raise AssertionError(f"no sidebar link to {title!r} after {timeout_s:.0f} s; links shown: {shown}; "
                                 f"the tab shows: {text!r}")
        page.wait_for_timeout(200)


def wait_for_page(page: Page, title: str, timeout_ms: float = RENDER_TIMEOUT_MS) -> None:
    """Wait until page ``title`` has been drawn to the end."""
    page.wait_for_selector(f"{PAGE_READY}:has-text('{title}')", state="attached", timeout=timeout_ms)
    wait_until_drawn(page)


def choose_option(page: Page, label: str, option: str, *, exact: bool = False, attempts: int = 4) -> None:
    """Choose ``option`` in the select box ``label``, typing it to filter as a person would (a long list is drawn in
    part). A rerun that lands just after the click redraws the box and closes its list (a full run lost the option
    that way): open it again, as ``open_page`` clicks a lost page link again."""
    for attempt in range(1, attempts + 1):
        wait_until_drawn(page)
        try:  # under load the box can come a long while after the page's title: wait again rather than fail once
            page.get_by_label(label).click(timeout=RENDER_TIMEOUT_MS / 2)
        except PlaywrightTimeout:
            if attempt == attempts:
                raise
            continue
        page.keyboard.type(option[:12])
        choice = page.get_by_role("option", name=option, exact=exact)
        try:
            choice.wait_for(timeout=15_000)
            choice.click()
            wait_until_drawn(page)
            return
        except PlaywrightTimeout:
            if attempt == attempts:
                raise
            page.keyboard.press("Escape")


def new_tab(browser: Browser) -> Page:
    """A page in a context of its own (its own cookies: another user, or the same user on another server)."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(RENDER_TIMEOUT_MS)
    return page


def tile_value(page: Page, label: str) -> str:
    """The text of the KPI tile labelled ``label`` (e.g. "Revenue"), as drawn."""
    tile = page.locator("[data-testid=stMetric]").filter(has=page.locator("[data-testid=stMetricLabel]", has_text=label))
    return tile.first.locator("[data-testid=stMetricValue]").inner_text().strip()
