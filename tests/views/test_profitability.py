"""moat.views.profitability: segment choices, tiles recomputed from the metric frame, rows by role and policy."""

from __future__ import annotations

from datetime import date

import polars as pl

from moat.config import load
from moat.governance import policies
from moat.governance.permissions import User, local_operator
from moat.metrics import profitability
from moat.metrics.periods import Period, default_period
from moat.views import profitability as view

VIEWER = User("vic", "viewer")


def test_segments_start_with_all_and_an_empty_period_has_none(demo_con) -> None:
    period = default_period(demo_con)
    expected = sorted(s for s in profitability(demo_con, period)["segment"].unique().to_list() if s is not None)
    assert view.segments(demo_con, period) == [view.ALL, *expected] and len(expected) >= 3
    assert view.segments(demo_con, Period(date(2019, 1, 1), date(2019, 3, 31))) is None


def test_tiles_are_the_frames_totals_with_changes(demo_con) -> None:
    period = default_period(demo_con)
    prof, before = profitability(demo_con, period), profitability(demo_con, period.previous())
    shown = view.profitability_view(demo_con, VIEWER, period, cfg=load(env={}))
    tiles = {t["label"]: t for t in shown.tiles}
    assert tiles["Revenue"]["value"] == prof["revenue"].sum()
    assert abs(tiles["Revenue"]["change"] - float(prof["revenue"].sum() / before["revenue"].sum() - 1)) < 1e-9
    assert tiles["Loss-making clients"]["value"] == prof.filter(pl.col("gross_profit") < 0).height
    assert tiles["Loss-making clients"]["help"] == f"Clients with negative gross profit, of {prof.height} with activity"
    assert shown.clients["client_name"].to_list() == prof["client_name"].to_list()
    assert shown.client_level  # default policy: viewers see client rows


def test_one_segment_and_the_aggregates_only_policy(demo_con) -> None:
    period = default_period(demo_con)
    policies.set_value(demo_con, local_operator(), "viewers_see_client_rows", False)
    shown = view.profitability_view(demo_con, VIEWER, period, "healthcare", load(env={}))
    assert set(shown.clients["segment"]) == {"healthcare"}
    assert not shown.client_level
    assert shown.by_segment()["segment"].to_list() == ["healthcare"]
    analyst = view.profitability_view(demo_con, User("ana", "analyst"), period, "healthcare", load(env={}))
    assert analyst.client_level


def test_a_year_the_data_barely_covers_shows_no_change(demo_con) -> None:
    shown = view.profitability_view(demo_con, VIEWER, default_period(demo_con, 12), cfg=load(env={}))
    assert [t["label"] for t in shown.tiles if t.get("change") is not None] == []
