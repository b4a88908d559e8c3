"""Insights: each rule against hand-computed numbers; the demo's planted stories surface."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from moat.analytics import insights
from moat.analytics.evidence import gather
from moat.analytics.insights import Thresholds
from moat.metrics import Period, profitability, utilization

YEAR = Period(date(2025, 11, 1), date(2026, 10, 31))


@pytest.fixture
def rows(demo_con) -> list[dict]:
    return insights.insights(gather(demo_con, YEAR), Thresholds())


def _find(rows: list[dict], kind: str, entity: str) -> list[dict]:
    return [r for r in rows if r["kind"] == kind and r["entity"] == entity]


def test_ranked_by_money(rows) -> None:
    effects = [r["monthly_effect"] for r in rows]
    assert effects == sorted(effects, reverse=True)
    assert {r["kind"] for r in rows} >= {"reprice", "reclaim_seats", "rebalance", "chase_unbilled"}


def test_meridian_gets_repriced_to_the_target_margin(rows, demo_con) -> None:
    [r] = _find(rows, "reprice", "Meridian Dental Group")
    p = profitability(demo_con, YEAR).filter(pl.col("client_key") == "meridian dental group").row(0, named=True)
    costs = p["labour_cost"] + p["license_cost"] + p["other_cost"]
    fee = costs / Decimal("0.70") / 12
    assert r["evidence"]["target_fee"] == fee
    assert r["monthly_effect"] == fee - p["revenue"] / 12
    # the fee reaches exactly the target margin
    assert (fee * 12 - costs) / (fee * 12) == pytest.approx(Decimal("0.30"))
    assert 0 < r["confidence"] <= 1


def test_harbor_gets_reclaim_seats(rows, demo_con) -> None:
    found = _find(rows, "reclaim_seats", "Harbor Logistics")
    assert found
    m365 = next(r for r in found if r["evidence"]["product"] == "Microsoft 365 Business Premium")
    purchased, active = demo_con.execute(
        "SELECT seats_purchased, seats_active FROM cur_licenses WHERE client_key = 'harbor logistics' "
        "AND product = 'Microsoft 365 Business Premium' AND month = '2026-10-01'").fetchall()[0]
    expected = (purchased - active) - math.floor(0.05 * purchased)
    assert m365["evidence"]["seats_to_reclaim"] == expected
    assert m365["monthly_effect"] == Decimal("22.00") * expected
    assert m365["evidence"]["inactive_share"] > 0.4  # about 45% active: the planted story


def test_priya_and_tom_get_rebalanced(rows, demo_con) -> None:
    [priya] = _find(rows, "rebalance", "Priya Shah")
    [tom] = _find(rows, "rebalance", "Tom Becker")
    assert priya["evidence"]["direction"] == "above" and tom["evidence"]["direction"] == "below"
    util = utilization(demo_con, YEAR).filter(pl.col("technician_key") == "tom becker").row(0, named=True)
    hours = (0.70 - util["billable_utilization"]) * util["available_hours"] / 12
    assert tom["evidence"]["hours_per_month_outside_band"] == pytest.approx(hours)
    assert tom["monthly_effect"] == pytest.approx(Decimal("42.00") * Decimal(str(round(hours, 4))))
    assert priya["evidence"]["partner"] == "Tom Becker"


def test_unbilled_tm_hours(rows, demo_con) -> None:
    expected = demo_con.execute(
        "SELECT te.client_name, sum(te.hours * te.bill_rate) FROM cur_time_entries te JOIN cur_clients c USING (client_key) "
        "WHERE NOT te.billable AND te.bill_rate IS NOT NULL AND c.agreement_type = 't&m' AND te.date BETWEEN ? AND ? "
        "GROUP BY 1", [YEAR.start, YEAR.end]).fetchall()
    assert expected
    got = {r["entity"]: r["monthly_effect"] for r in rows if r["kind"] == "chase_unbilled"}
    assert got == {name: value / 12 for name, value in expected}


def test_thresholds_are_configurable(demo_con) -> None:
    ev = gather(demo_con, YEAR)
    strict = insights.insights(ev, Thresholds(target_margin=0.0, utilization_low=0.0, utilization_high=1.0,
                                              inactive_seat_tolerance=0.9))
    kinds = {r["kind"] for r in strict}
    assert "rebalance" not in kinds and "reclaim_seats" not in kinds
    assert {r["entity"] for r in strict if r["kind"] == "reprice"} == set(
        profitability(demo_con, YEAR).filter(pl.col("gross_margin") < 0)["client_name"].to_list())


def test_public_json_shape(rows) -> None:
    out = insights.public(rows)
    assert set(out[0]) == {"kind", "entity", "action", "evidence", "monthly_effect", "confidence"}
    assert all(isinstance(r["monthly_effect"], Decimal) and r["monthly_effect"] == r["monthly_effect"].quantize(Decimal("0.01")) for r in out)
