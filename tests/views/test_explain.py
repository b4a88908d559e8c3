"""moat.views.explain: one client's margin explained, its source rows and how each figure was computed."""

from __future__ import annotations

import polars as pl
import pytest

from moat import config
from moat.errors import MoatError
from moat.formatting import money_text
from moat.governance.permissions import User
from moat.metrics.periods import default_period
from moat.views import explain as view

ANA = User("ana", "analyst")


def test_client_explained(demo_con) -> None:
    period, cfg = default_period(demo_con), config.load(env={})
    names = view.client_names(demo_con, period)
    assert names[0] == "Meridian Dental Group"  # worst margin first
    shown = view.client(demo_con, ANA, period, names[0], cfg, "USD")
    assert set(view.CONTRIBUTION_COLUMNS) <= set(shown.contributions.columns) and "contribution_money" not in shown.contributions.columns
    assert abs(shown.contributions["contribution_pts"].sum() - shown.explanation["gap_pts"]) < 1e-6
    assert list(shown.source_rows) == list(view.TABS.values())
    revenue = shown.source_rows["invoices"]["amount"].sum()
    assert shown.how[0] == f"- **Revenue** = {shown.how[0].split(' = ')[1].split(':')[0]}: {money_text(revenue)}"
    assert shown.how[-1].startswith("Snapshots read: ") and len(shown.how) == 8
    assert float(shown.confidence) == pytest.approx(shown.confidence_parts["confidence"], abs=0.005)
    assert "client_key" not in shown.confidence_parts


def test_time_entries_filter() -> None:
    rows = pl.DataFrame({"technician_name": ["Tom", "Priya", "Tom"], "hours": [1.0, 2.0, 3.0]})
    assert view.technicians(rows) == ["Priya", "Tom"]
    assert view.only(rows, [])["hours"].to_list() == [1.0, 2.0, 3.0]
    assert view.only(rows, ["Tom"])["hours"].to_list() == [1.0, 3.0]
    assert view.technicians(rows.head(0)) == []


def test_unknown_names_say_so(demo_con) -> None:
    with pytest.raises(MoatError):
        view.client(demo_con, ANA, default_period(demo_con), "No Such Client Ltd", config.load(env={}))
    with pytest.raises(MoatError):
        view.technician(demo_con, ANA, default_period(demo_con), "Nobody Atall", config.load(env={}))
