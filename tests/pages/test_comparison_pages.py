"""Pages apply the comparison rule (issue 17 point 1): no delta against a period partly covered by data, and
a caption saying why; the KPI pages compare whole months with the same whole months."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run_page

PAGES = {"overview.py": "overview", "profitability.py": "profit", "licenses.py": "licenses",
         "utilization.py": "utilization"}


@pytest.mark.parametrize("page", list(PAGES))
def test_last_12_months_shows_no_change_against_a_year_the_data_barely_covers(page: str, app_env, demo_path: Path) -> None:
    app_env(demo_path)
    at = run_page(page, "analyst")
    at.selectbox(key=f"{PAGES[page]}_period").set_value("Last 12 months").run()
    assert not at.exception
    # Nov 2025 - Oct 2026 against Nov 2024 - Oct 2025, of which the data holds October only.
    assert any("01 Nov 2024 to 31 Oct 2025 is only partly covered by data (data starts 01 Oct 2025)" in c.value
               for c in at.caption)
    assert [m.label for m in at.metric if m.delta] == [], "no tile may show a change"
