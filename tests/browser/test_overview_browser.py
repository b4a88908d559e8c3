"""The Overview in a real Chromium against `streamlit run`: the demo's revenue, phone width, and the README shot.

With ``MOAT_SCREENSHOT=1`` the desktop test also writes ``docs/overview.png`` (1280 x 900), the README's picture.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from moat import db
from moat.formatting import money_text
from moat.governance.users import DEMO_USERS
from moat.metrics.periods import default_period
from moat.metrics.summary import kpis
from tests.browser.app_browser import ROOT, login, open_app, open_page, tile_value, wait_until_drawn

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture(scope="module")
def demo_revenue(demo_template: Path) -> str:
    """The revenue the Overview opens on (the demo's last three months), computed here, not by the page."""
    con = db.connect(demo_template, read_only=True)
    try:
        return money_text(kpis(con, default_period(con))["revenue"])
    finally:
        con.close()



def test_overview_shows_demo_revenue(demo_url: str, new_page: Callable[..., Page], demo_revenue: str) -> None:
    page = open_app(new_page(1280, 900), demo_url)
    login(page, "admin", DEMO_USERS["admin"][1])
    assert demo_revenue == "$640,552.30"  # seed 7, scale 1, ending 2026-10-31
    assert tile_value(page, "Revenue") == demo_revenue
    tiles = page.locator("[data-testid=stMetric]")
    tiles.nth(8).wait_for()
    assert tiles.count() == 9
    for index in range(tiles.count()):  # no value is cut to an ellipsis
        assert tiles.nth(index).locator("[data-testid=stMetricValue]").evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    # The trend chart is drawn (Vega renders into a canvas or svg inside the embed).
    page.locator(".vega-embed canvas, .vega-embed svg").first.wait_for(state="visible")
    assert page.locator("[data-testid=stException]").count() == 0
    if os.environ.get("MOAT_SCREENSHOT") == "1":
        page.mouse.move(1270, 60)  # no hover highlight left in the sidebar from signing in
        page.wait_for_timeout(500)  # let the chart's fade-in and the hover transition finish
        target = ROOT / "docs" / "overview.png"
        target.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(target))


# Every KPI tile's box and whether its value is cut off, read in ONE evaluation: element by element, a rerun (the
# login cookie component reports back after sign-in) could replace a tile between two steps ("not attached").
TILES = """() => [...document.querySelectorAll('[data-testid=stMetric]')].map(e => {
  const r = e.getBoundingClientRect(), v = e.querySelector('[data-testid=stMetricValue]');
  return {x: r.x, y: r.y, width: r.width, height: r.height, cut: v ? v.scrollWidth > v.clientWidth + 1 : true};
})"""


def tile_boxes(page: Page, expected: int) -> list[dict]:
    """The tiles of the page once it shows ``expected`` of them and no run is in progress."""
    page.locator("[data-testid=stMetric]").nth(expected - 1).wait_for()  # the heading can come before the tiles
    for _ in range(20):
        wait_until_drawn(page)
        boxes = page.evaluate(TILES)
        if len(boxes) == expected:
            return boxes
        page.wait_for_timeout(250)
    raise AssertionError(f"expected {expected} tiles, the page shows {len(boxes)}")


def test_overview_is_readable_at_phone_width(demo_url: str, new_page: Callable[..., Page], demo_revenue: str) -> None:
    page = open_app(new_page(400, 860), demo_url)
    login(page, "admin", DEMO_USERS["admin"][1])
    boxes = tile_boxes(page, 9)
    for index, box in enumerate(boxes):
        assert box["width"] > 0 and box["height"] > 0, f"tile {index} is not shown: {box}"
        assert box["x"] >= 0 and box["x"] + box["width"] <= 400, f"tile {index} leaves the screen: {box}"
        assert not box["cut"], f"tile {index}'s value is cut off"
    # Columns stack: the tiles sit one under another rather than squeezed side by side.
    first, second = boxes[0], boxes[1]
    assert second["y"] > first["y"] + first["height"] - 1
    assert tile_value(page, "Revenue") == demo_revenue
    # Nothing forces the page wider than the phone (which would mean sideways scrolling), on any KPI page.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 400
    for title in ("Profitability", "Licences", "Utilisation"):
        open_page(page, title)
        for index, box in enumerate(tile_boxes(page, 6)):
            assert box["x"] >= 0 and box["x"] + box["width"] <= 400, f"{title} tile {index}: {box}"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 400, title
        assert page.locator("[data-testid=stException]").count() == 0, title
