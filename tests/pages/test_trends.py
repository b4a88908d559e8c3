"""The Trends page per role against the scale-1 demo: the forecast follows the period picker, client series,
anomalies and risk only for the roles that see client rows, and their downloads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import run_page
from tests.pages.checks import downloads


def _months_caption(at) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Forecast:"))


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_trends_page(demo_path, app_env, role) -> None:
    app_env(demo_path)
    at = run_page("trends.py", role)
    assert not at.exception
    assert any("Forecast: linear trend" in c.value for c in at.caption)
    has_risk = any(s.value == "Client risk" for s in at.subheader)
    assert has_risk == (role != "viewer")
    if role != "viewer":
        at.selectbox(key="trends_entity").set_value("Meridian Dental Group").run()
        at.selectbox(key="trends_series").set_value("gross_margin").run()
        assert not at.exception
    else:
        assert at.selectbox(key="trends_entity").options == ["Company"]


def test_trends_follows_the_period_picker(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    at = run_page("trends.py", "analyst")
    assert not at.exception
    assert at.selectbox(key="trends_period").value == "Last 12 months"
    assert _months_caption(at).endswith("Months Nov 2025 to Oct 2026.")
    at.selectbox(key="trends_period").set_value("Last 6 months").run()
    assert not at.exception
    assert _months_caption(at).endswith("Months May 2026 to Oct 2026.")
    at.selectbox(key="trends_period").set_value("Last 3 months").run()
    assert _months_caption(at).endswith("Months Aug 2026 to Oct 2026.")
    # the series picker shows words, not field names
    assert "gross_margin" not in at.selectbox(key="trends_series").options
    assert "Gross margin" in at.selectbox(key="trends_series").options


def test_client_tables_download_by_role(demo: Path) -> None:
    stems = {"download_anomalies", "download_client-risk"}
    admin = run_page("trends.py", "admin")
    assert downloads(admin) == stems
    assert downloads(run_page("trends.py", "analyst")) == stems
    viewer = run_page("trends.py", "viewer")
    assert downloads(viewer) == set()
    assert not admin.exception and not viewer.exception


@pytest.mark.parametrize("page", ["trends.py", "explain.py", "whatif.py", "insights.py"])
def test_a_page_without_changes_names_only_its_period(demo: Path, page: str) -> None:
    """h103 left: Trends (a year from Nov 2025, the year before only partly covered) said "compared with 01 Nov 2024
    to 31 Oct 2025" and "No change shown: ... is only partly covered by data" on a page that shows no change
    anywhere; Explain and What-if said "compared with ..." too. They name their period alone; Overview keeps both."""
    at = run_page(page, "admin")
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert not any("compared with" in c or "No change shown" in c for c in captions), captions
    assert any(re.fullmatch(r"\d\d \w\w\w \d{4} to \d\d \w\w\w \d{4}", c) for c in captions), captions
    overview = [c.value for c in run_page("overview.py", "admin").caption]
    assert any(", compared with " in c for c in overview), overview
