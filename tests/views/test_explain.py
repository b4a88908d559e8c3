"""moat.views.explain: one client's margin explained, its source rows and how each figure was computed."""

from __future__ import annotations

import polars as pl
import pytest

from moat import config
from moat.errors import MoatError
from moat.formatting import money_text, percent_text, percents_apart
from moat.governance import policies
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
    assert "client_key" not in shown.confidence_parts
    # h81: a percent like every other confidence (it was "0.93"), and its parts a table in words, not a JSON dump
    assert shown.confidence == percent_text(shown.confidence_parts["confidence"]) and shown.confidence.endswith("%")
    assert shown.parts_table.columns == ["part", "confidence"]
    assert shown.parts_table["part"].to_list() == ["Completeness", "Sample size", "Recency", "Name match", "Outliers"]
    weights = [0.30, 0.20, 0.20, 0.15, 0.15]  # README: how the parts make the confidence
    assert sum(w * v for w, v in zip(weights, shown.parts_table["confidence"].to_list(), strict=True)) == pytest.approx(
        shown.confidence_parts["confidence"], abs=0.0005)


def test_provisional_names_both_figures_so_they_differ(demo_con) -> None:
    """h81: "confidence 70% is below the review threshold" for 0.696 read as a contradiction."""
    period, cfg = default_period(demo_con), config.load(env={})
    name = view.client_names(demo_con, period)[0]
    exact = view.client(demo_con, ANA, period, name, cfg).confidence_parts["confidence"]
    policies.update(demo_con, User("ada", "admin"), {"review_confidence": round(exact + 0.0004, 4)})
    shown = view.client(demo_con, ANA, period, name, cfg)
    value, line = percents_apart(exact, round(exact + 0.0004, 4))
    assert value != line
    assert shown.provisional == (f"Provisional: confidence {value} is below the review threshold {line}: check the "
                                 "source rows below before acting on it.")


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
