"""The Profitability page per role against the scale-1 demo: tiles, the client table, the segment filter, and the
downloads each role and policy allow.

Expected values are recomputed here from the metric frame (plain polars sums, not the page's roll-up helpers) and
formatted with ``moat.formatting``, so a page that drew a wrong or differently rounded number fails.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from moat.formatting import half_up, money_text, percent_text
from moat.governance import policies
from moat.governance.permissions import local_operator
from moat.metrics import profitability
from moat.metrics.periods import Period, default_period
from tests.helpers import run_page
from tests.pages.checks import downloads, refused, tiles, with_con

ROLES = ("viewer", "analyst", "admin")
ADMIN = local_operator("test-setup")


@pytest.mark.parametrize("role", ROLES)
def test_profitability_totals_and_client_table(role: str, demo_path: Path, demo_period: Period) -> None:
    prof = with_con(demo_path, lambda con: profitability(con, demo_period))
    revenue = prof["revenue"].sum()
    gross = prof["revenue"].sum() - prof["labour_cost"].sum() - prof["license_cost"].sum() - prof["other_cost"].sum()
    at = run_page("profitability.py", role)
    shown = tiles(at)
    assert shown["Revenue"][0] == money_text(revenue)
    assert shown["Gross profit"][0] == money_text(gross)
    assert shown["Gross margin"][0] == percent_text(float(gross / revenue))
    assert shown["Effective hourly rate"][0] == money_text(revenue / prof["hours"].sum())
    assert shown["Hours worked"][0] == f"{prof['hours'].sum():,.1f} h"
    assert shown["Loss-making clients"][0] == str(prof.filter(pl.col("gross_profit") < 0).height)
    table = at.dataframe[0].value
    assert len(table) == prof.height == 40
    assert table["client_name"].tolist() == prof["client_name"].to_list()  # worst margin first
    meridian = table[table["client_name"] == "Meridian Dental Group"].iloc[0]
    expected = prof.filter(pl.col("client_name") == "Meridian Dental Group").row(0, named=True)
    assert meridian["revenue"] == float(round(expected["revenue"], 2))
    # Ratios are shown as percent to one decimal, half-up (the tiles' rounding): -40.98...% shows as -41.0%.
    assert meridian["gross_margin"] == float(half_up(Decimal(str(expected["gross_margin"])) * 100, 1))
    assert not at.exception


def test_profitability_segment_filter(demo_path: Path, demo_period: Period) -> None:
    prof = with_con(demo_path, lambda con: profitability(con, demo_period, "healthcare"))
    at = run_page("profitability.py", "analyst")
    at.selectbox(key="profit_segment").set_value("healthcare").run()
    assert tiles(at)["Revenue"][0] == money_text(prof["revenue"].sum())
    assert set(at.dataframe[0].value["segment"]) == {"healthcare"}
    assert not at.exception


def test_profitability_by_role_and_policy(demo: Path) -> None:
    assert downloads(run_page("profitability.py", "admin")) == {"profit_table_download"}
    assert downloads(run_page("profitability.py", "analyst")) == {"profit_table_download"}
    viewer = run_page("profitability.py", "viewer")  # the permission table refuses Viewers client rows
    assert downloads(viewer) == set() and refused(viewer) == 1
    with_con(demo, lambda con: policies.set_value(con, ADMIN, "client_export_admin_only", True))
    analyst = run_page("profitability.py", "analyst")
    assert downloads(analyst) == set() and refused(analyst) == 1
    assert downloads(run_page("profitability.py", "admin")) == {"profit_table_download"}
    viewer = run_page("profitability.py", "viewer")
    assert downloads(viewer) == set() and refused(viewer) == 1
    with_con(demo, lambda con: policies.set_value(con, ADMIN, "viewers_see_client_rows", False))
    viewer = run_page("profitability.py", "viewer")  # aggregates only: those a Viewer may download
    assert downloads(viewer) == {"profit_segments_download"} and refused(viewer) == 0
    assert not viewer.exception


def test_viewer_sees_the_same_client_rows_but_cannot_download_them(demo: Path) -> None:
    """Default policies: Viewers see client rows, and the permission table (not the export policy) refuses them."""
    policy, clients = with_con(demo, lambda con: (policies.get(con), profitability(con, default_period(con)).height))
    assert policy.viewers_see_client_rows and not policy.client_export_admin_only
    at = run_page("profitability.py", "viewer")
    assert len(at.dataframe[0].value) == clients
    assert downloads(at) == set() and refused(at) == 1
    assert not at.exception
