"""h20 (adversary): with ``viewers_see_client_rows`` off, a segment of one client gave a Viewer that client's row.

The demo's ``nonprofit`` segment holds one client. A Viewer kept to aggregates read its revenue, costs, margin and
hours exactly: ``profitability(by="segment")`` (a row with ``clients == 1``), ``profitability(segment="nonprofit",
by="segment")``, ``monthly(segment="nonprofit")`` (month by month), and the Profitability page (its table, and
its tiles after picking the segment). Now segments of fewer than 3 clients are pooled into one row, together with
the next smallest segment while the pooled ones hold fewer than 3 clients (else the company total minus the rows
shown gives the small segment back), and those segments cannot be picked alone. Analysts see every segment.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

import moat
from moat import access
from moat.errors import PermissionDenied
from moat.governance import policies
from moat.governance.permissions import User
from tests.helpers import run_page

START, END = "2026-08-01", "2026-10-31"
MIN_CLIENTS = 3  # moat.access.MIN_GROUP_CLIENTS


@pytest.fixture
def aggregates_only(demo_path: Path) -> Path:
    with moat.open(demo_path) as admin:
        policies.set_value(admin.con, admin.user, "viewers_see_client_rows", "false")
        sizes = dict(admin.profitability(START, END, by="segment").select("segment", "clients").iter_rows())
    assert sizes["nonprofit"] == 1, sizes  # the premise: the demo has a one-client segment
    return demo_path


def test_pooling_rule() -> None:
    assert access.pooled_groups({"a": 9, "b": 7, "c": 1}) == {"b", "c"}  # a lone small one takes the next smallest
    assert access.pooled_groups({"a": 9, "b": 1, "c": 2}) == {"b", "c"}  # together 3 clients: enough
    assert access.pooled_groups({"a": 9, "b": 3}) == set()


def test_a_viewer_gets_no_segment_of_fewer_than_three_clients(aggregates_only: Path) -> None:
    with moat.open(aggregates_only) as admin:
        exact = admin.profitability(START, END)
        company = admin.summary(START, END)
    with moat.open(aggregates_only, user=User("v", "viewer")) as viewer:
        table = viewer.profitability(START, END, by="segment")
        assert table.filter(pl.col("clients") < MIN_CLIENTS).is_empty(), table
        assert "nonprofit" not in table["segment"].to_list()
        pooled = table.filter(pl.col("segment") == access.POOLED_SEGMENTS)
        assert pooled["clients"].item() >= MIN_CLIENTS
        # nothing lost: the rows still add up to the company, and the pooled row is the pooled segments' sum
        assert Decimal(str(table["revenue"].sum())) == Decimal(str(exact["revenue"].sum()))
        revenue = company.filter(pl.col("metric") == "revenue")["value"].item()
        assert Decimal(str(table["revenue"].sum())) == Decimal(revenue)
        for segment in ("nonprofit", *sorted(access.pooled_groups(
                dict(exact["segment"].value_counts().iter_rows())) - {"nonprofit"})):
            with pytest.raises(PermissionDenied, match="fewer than 3 clients"):
                viewer.profitability(START, END, segment=segment, by="segment")
            with pytest.raises(PermissionDenied, match="fewer than 3 clients"):
                viewer.monthly(START, END, segment=segment)
        assert viewer.monthly(START, END, segment="healthcare").height == 3  # a large segment still works


def test_analysts_and_the_default_policy_see_every_segment(aggregates_only: Path, demo_path: Path) -> None:
    with moat.open(aggregates_only, user=User("a", "analyst")) as analyst:
        table = analyst.profitability(START, END, by="segment")
        assert table.filter(pl.col("segment") == "nonprofit")["clients"].item() == 1
        assert analyst.monthly(START, END, segment="nonprofit").height == 3
    with moat.open(aggregates_only) as admin:
        policies.set_value(admin.con, admin.user, "viewers_see_client_rows", "true")
    with moat.open(aggregates_only, user=User("v", "viewer")) as viewer:
        assert "nonprofit" in viewer.profitability(START, END, by="segment")["segment"].to_list()


def test_profitability_page_pools_small_segments_for_a_viewer(aggregates_only: Path, app_env) -> None:
    app_env(aggregates_only)
    at = run_page("profitability.py", "viewer")
    assert not at.exception, [e.value for e in at.exception]
    options = list(at.selectbox(key="profit_segment").options)
    assert "nonprofit" not in options and "healthcare" in options, options
    tables = [t.value for t in at.dataframe]
    segment_tables = [t for t in tables if "clients" in t.columns and "segment" in t.columns]
    assert segment_tables, "the viewer sees the segment table"
    for t in segment_tables:
        assert "nonprofit" not in t["segment"].astype(str).tolist()
        assert (t["clients"] >= MIN_CLIENTS).all(), t

    analyst = run_page("profitability.py", "analyst")
    assert "nonprofit" in list(analyst.selectbox(key="profit_segment").options)


def test_benchmarks_own_figures_withhold_small_segments_from_a_viewer(aggregates_only: Path) -> None:
    """The Benchmarks page's "yours (exact)" per segment: the one-client segment's revenue and margin."""
    from moat import db
    from moat.metrics.periods import Period
    from moat.privacy import releases

    period = Period.parse(START, END)
    con = db.connect(aggregates_only)
    try:
        viewer = releases.own_kpis(con, User("v", "viewer"), period, "segment")
        analyst = releases.own_kpis(con, User("a", "analyst"), period, "segment")
    finally:
        con.close()
    revenue = pl.col("metric") == "total_revenue"
    assert analyst.filter(revenue & (pl.col("segment") == "nonprofit"))["value"].item() > 0
    assert viewer.filter(pl.col("segment") == "nonprofit")["value"].null_count() == viewer.filter(
        pl.col("segment") == "nonprofit").height
    shown = viewer.filter(revenue & pl.col("value").is_not_null())
    assert shown.height >= 4  # the large segments stay
