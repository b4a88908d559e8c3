"""Real-browser fixtures: ``streamlit run app.py`` in a subprocess on a free port, driven by Debian's Chromium.

- ``streamlit_server(db_path, env=None) -> base URL``: a session-scoped factory; one server per (database,
  env) pair, reused by every test that asks for the same pair and stopped at the end of the session. The
  server opens the DuckDB file for writing (and so locks it): prepare a database completely before starting
  a server on it, and give each server its own copy.
- ``demo_url``: a server on a private copy of the scale-1 demo database.
- ``chromium`` (in tests/conftest.py, shared with tests/service): a Playwright browser (``/usr/bin/chromium``,
  headless, no sandbox); ``new_page(width, height)``
  opens a page in a fresh context of that viewport size and closes it after the test.
Helpers to import from ``tests.browser.app_browser``: ``login(page, user, password)`` signs in through the
app's login form when one is shown (a no-op while the app has none; the governance work fills in the form's
details there) and ``open_app(page, url, path="")`` loads a page and waits until Streamlit has drawn it.

Browser tests carry ``@pytest.mark.browser`` and ``@pytest.mark.xdist_group("browser")`` so that under
``pytest -n 2 --dist loadgroup`` they share one worker and so one server per database.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.app_browser import RENDER_TIMEOUT_MS, Servers


@pytest.fixture(scope="session")
def streamlit_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., str]]:
    """Factory ``start(db_path, env=None) -> base URL`` (see the module docstring)."""
    servers = Servers(tmp_path_factory.mktemp("streamlit"))
    try:
        yield servers.start
    finally:
        servers.close()


@pytest.fixture(scope="session")
def demo_db(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The browser session's own copy of the demo database (the server locks it)."""
    target = tmp_path_factory.mktemp("browser_demo") / "moat.duckdb"
    shutil.copy(demo_template, target)
    return target


@pytest.fixture(scope="session")
def demo_url(streamlit_server: Callable[..., str], demo_db: Path) -> str:
    return streamlit_server(demo_db)


@pytest.fixture
def new_page(chromium: Browser) -> Iterator[Callable[..., Page]]:
    """Factory ``new_page(width=1280, height=900) -> Page`` in a fresh context (fresh session, no cookies)."""
    contexts = []

    def make(width: int = 1280, height: int = 900) -> Page:
        context = chromium.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(RENDER_TIMEOUT_MS)
        return page

    yield make
    for context in contexts:
        context.close()
