"""What-if through the real metric functions (nothing saved) and drill-down rows that sum exactly."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from moat.analytics import drilldown, whatif
from moat.analytics.whatif import Scenario
from moat.governance.permissions import User
from moat.metrics import Period, profitability, utilization

YEAR = Period(date(2025, 11, 1), date(2026, 10, 31))
ANALYST = User("ann", "analyst")


def _client(con, key: str) -> dict:
    return profitability(con, YEAR).filter(pl.col("client_key") == key).row(0, named=True)


def test_fee_change_reaches_revenue_and_margin_and_saves_nothing(demo_con) -> None:
    before = _client(demo_con, "meridian dental group")
    invoices = demo_con.execute("SELECT count(*) FROM invoices").fetchall()[0][0]
    out = whatif.simulate(demo_con, ANALYST, YEAR, Scenario("Meridian Dental Group", new_monthly_fee=Decimal("12000")))
    costs = before["labour_cost"] + before["license_cost"] + before["other_cost"]
    assert out.client_after["revenue"] == Decimal("144000")
    assert out.client_after["gross_margin"] == pytest.approx(float((144000 - costs) / 144000))
    assert demo_con.execute("SELECT count(*) FROM invoices").fetchall()[0][0] == invoices
    assert _client(demo_con, "meridian dental group") == before


def test_removing_seats_cuts_licence_cost(demo_con) -> None:
    out = whatif.simulate(demo_con, ANALYST, YEAR,
                          Scenario("Harbor Logistics", product="Microsoft 365 Business Premium", remove_seats=10))
    change = out.changes.filter(pl.col("metric") == "license_cost").row(0, named=True)
    assert change["change"] == pytest.approx(-10 * 22.00 * 12)
    assert _client(demo_con, "harbor logistics")["license_cost"] == Decimal(str(change["before"]))


def test_moving_hours_changes_utilisation_and_labour(demo_con) -> None:
    util = utilization(demo_con, YEAR)
    available = float(util.filter(pl.col("technician_key") == "priya shah")["available_hours"][0])
    out = whatif.simulate(demo_con, ANALYST, YEAR, Scenario("Meridian Dental Group", from_technician="Priya Shah",
                                                             to_technician="Tom Becker", move_hours=20))
    c = {(r["metric"], r["entity"]): r["change"] for r in out.changes.iter_rows(named=True)}
    assert c[("billable_utilization", "Priya Shah")] == pytest.approx(-240 / available)
    assert c[("billable_utilization", "Tom Becker")] == pytest.approx(240 / available)
    assert c[("labour_cost", "Meridian Dental Group")] == pytest.approx(240 * (42.00 - 58.00))
    assert utilization(demo_con, YEAR).equals(util)


def test_viewer_may_not_simulate(demo_con) -> None:
    from moat.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        whatif.simulate(demo_con, User("v", "viewer"), YEAR, Scenario("Meridian Dental Group", new_monthly_fee=Decimal(1)))


def test_drilldown_rows_sum_exactly_to_every_clients_figures(demo_con) -> None:
    prof = profitability(demo_con, YEAR)
    for p in prof.iter_rows(named=True):
        d = drilldown.client_rows(demo_con, ANALYST, p["client_key"], YEAR)
        t = d.totals()
        for metric in ("revenue", "labour_cost", "license_cost", "other_cost", "gross_profit", "hours"):
            assert t[metric] == p[metric], (p["client_name"], metric)
        assert sum(d.by_technician["labour_cost"].to_list(), Decimal(0)) == p["labour_cost"]


def test_drilldown_excludes_draft_invoices(demo_con) -> None:
    drafts = demo_con.execute("SELECT client_key FROM cur_invoices WHERE status = 'draft' LIMIT 1").fetchall()
    assert drafts
    d = drilldown.client_rows(demo_con, ANALYST, drafts[0][0], YEAR)
    assert "draft" not in d.invoices["status"].to_list()
