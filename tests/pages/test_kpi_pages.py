"""The four KPI pages against the scale-1 demo: the Overview's tiles per role, and what the four share (empty states,
the viewers' aggregates-only policy, names rendered as text). Each page's own tests: ``tests/pages/test_<page>.py``.

Expected values are recomputed here from the metric frames (plain polars sums, not the page's roll-up helpers)
and formatted with ``moat.formatting``, so a page that drew a wrong or differently rounded number fails.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from moat import access, db
from moat.formatting import money_text, percent_text
from moat.governance import policies
from moat.governance.permissions import local_operator
from moat.metrics import profitability
from moat.metrics.periods import Period, default_period
from moat.metrics.summary import kpis
from moat.snapshots import commit
from tests.helpers import run_page
from tests.pages.checks import tiles, with_con

ROLES = ("viewer", "analyst", "admin")
PAGES = ("overview.py", "profitability.py", "licenses.py", "utilization.py")
EVIL = '<img src=x onerror=alert(1)> **Bold** [link](http://evil.example) Meridian'


def pct_delta(now: Decimal | float, before: Decimal | float) -> str:
    return f"{(float(now) - float(before)) / abs(float(before)) * 100:+.1f}%"


def pp_delta(now: float, before: float) -> str:
    return f"{(now - before) * 100:+.1f} pp"


@pytest.mark.parametrize("role", ROLES)
def test_overview_shows_period_kpis_with_deltas(role: str, demo_path: Path, demo_period: Period) -> None:
    now, before = with_con(demo_path, lambda con: (kpis(con, demo_period), kpis(con, demo_period.previous())))
    # The demo's last three whole months, against the three before them.
    assert demo_period == Period(date(2026, 8, 1), date(2026, 10, 31))
    at = run_page("overview.py", role)
    shown = tiles(at)
    assert shown["Revenue"] == (money_text(now["revenue"]), pct_delta(now["revenue"], before["revenue"]))
    assert shown["Gross profit"] == (money_text(now["gross_profit"]), pct_delta(now["gross_profit"], before["gross_profit"]))
    margin = float(now["gross_profit"] / now["revenue"])
    assert shown["Gross margin"] == (percent_text(margin), pp_delta(margin, float(before["gross_profit"] / before["revenue"])))
    assert shown["Effective hourly rate"][0] == money_text(now["revenue"] / now["hours"])
    assert shown["Licence waste"][0] == money_text(now["license_waste"])
    assert shown["Billable utilisation"][0] == percent_text(now["billable_utilization"])
    assert shown["Total utilisation"][0] == percent_text(now["total_utilization"])
    assert shown["Overhead"][0] == money_text(now["overhead"])
    assert shown["Active clients"][0] == "40"
    # Every role sees client rows under the default policy (viewers_see_client_rows = true).
    top, bottom = [df for df in (t.value for t in at.dataframe) if "client_name" in df.columns]
    prof = with_con(demo_path, lambda con: profitability(con, demo_period))
    assert top["client_name"].tolist() == prof.sort("gross_profit", descending=True).head(5)["client_name"].to_list()
    assert bottom["client_name"].tolist()[0] == "Meridian Dental Group"  # the planted story: fee cut, margin collapse
    assert at.get("vega_lite_chart"), "the monthly trend chart is drawn"
    assert not at.exception


def test_policy_can_restrict_viewers_to_aggregates(demo_path: Path, demo_period: Period) -> None:
    con = db.connect(demo_path)
    policies.set_value(con, local_operator(), "viewers_see_client_rows", False)
    prof = profitability(con, demo_period)
    con.close()
    for page in ("overview.py", "profitability.py", "licenses.py"):
        viewer = run_page(page, "viewer")
        assert all("client_name" not in t.value.columns for t in viewer.dataframe), page
        assert any("hidden from viewers by the admins' policy viewers_see_client_rows: ask an analyst" in c.value for c in viewer.caption), page
        assert tiles(viewer)  # the KPIs stay
        assert not viewer.exception
        analyst = run_page(page, "analyst")
        assert any("client_name" in t.value.columns for t in analyst.dataframe), page
    segments = run_page("profitability.py", "viewer").dataframe[0].value
    pooled = access.pooled_groups(dict(prof["segment"].value_counts().iter_rows()))  # segments of < 3 clients (h20)
    assert pooled and sorted(segments["segment"]) == sorted(
        [s for s in prof["segment"].unique().to_list() if s not in pooled] + [access.POOLED_SEGMENTS])
    assert segments["clients"].sum() == prof.height
    assert round(segments["revenue"].sum(), 2) == float(round(prof["revenue"].sum(), 2))


def test_longer_preset_changes_the_numbers(demo_path: Path, demo_period: Period) -> None:
    year = with_con(demo_path, lambda con: kpis(con, default_period(con, 12)))
    at = run_page("overview.py", "viewer")
    at.selectbox(key="overview_period").set_value("Last 12 months").run()
    assert tiles(at)["Revenue"][0] == money_text(year["revenue"])
    assert not at.exception


@pytest.mark.parametrize("page", PAGES)
def test_empty_database_shows_empty_state(page: str, app_env, tmp_path: Path) -> None:
    app_env(tmp_path / "empty.duckdb")
    at = run_page(page, "analyst")
    assert [i.value for i in at.info] and at.info[0].value.startswith("No data for this period.")
    assert not at.metric
    assert not at.exception


@pytest.mark.parametrize("page", PAGES)
def test_period_without_data_shows_empty_state(page: str, demo_path: Path, demo_period: Period) -> None:
    at = run_page(page, "admin")
    at.selectbox(key=page.removesuffix(".py").replace("profitability", "profit") + "_period").set_value("Custom").run()
    at.date_input[0].set_value((date(2019, 1, 1), date(2019, 3, 31))).run()
    assert at.info[0].value.startswith("No data for this period.")
    assert not at.metric
    assert not at.exception


def test_names_with_html_or_markdown_render_as_text(demo_path: Path, demo_period: Period, app_env) -> None:
    """A client renamed by a re-export to markup shows those characters in tables, never as markup."""
    con = db.connect(demo_path)
    row = pl.DataFrame({"row_key": ["meridian dental group"], "source_row": [1], "client_key": ["meridian dental group"],
                        "client_name": [EVIL], "segment": ["healthcare"], "agreement_type": ["managed"]})
    commit(con, local_operator(), "clients", row, file_name="rename.csv",
           sha256=hashlib.sha256(EVIL.encode()).hexdigest(), rows_read=1)
    con.close()
    for page in ("overview.py", "profitability.py"):  # licences name clients as the licence file does
        at = run_page(page, "analyst")
        names = {n for t in at.dataframe if "client_name" in t.value.columns for n in t.value["client_name"]}
        assert EVIL in names, page
        texts = [e.value for kind in ("markdown", "caption", "title", "subheader", "info", "warning") for e in getattr(at, kind)]
        assert not any("evil.example" in str(t) or "<img" in str(t) for t in texts), page
        assert not at.exception
