"""Margin explanations: exact Shapley values that sum to the gap; the Meridian story; technicians' hours."""

from __future__ import annotations

import itertools
from datetime import date
from math import factorial

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moat.analytics import explain
from moat.analytics.evidence import gather
from moat.metrics import Period, profitability, utilization

YEAR = Period(date(2025, 11, 1), date(2026, 10, 31))


def margin(r: float, l_: float, c: float, o: float) -> float:
    return 1 - (l_ + c + o) / r


def shapley_by_permutations(actual: list[float], reference: list[float]) -> list[float]:
    """Textbook definition: average marginal contribution over all 24 orderings (independent of the code)."""
    n = 4
    out = [0.0] * n
    for order in itertools.permutations(range(n)):
        x = list(reference)
        for player in order:
            before = margin(*x)
            x[player] = actual[player]
            out[player] += margin(*x) - before
    return [v / factorial(n) for v in out]


positive = st.floats(1, 1e6, allow_nan=False, allow_infinity=False)
nonneg = st.floats(0, 1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(r=positive, l_=nonneg, c=nonneg, o=nonneg, rr=positive, lr=nonneg, cr=nonneg, orr=nonneg)
def test_shapley_values_sum_to_the_gap_and_match_the_definition(r, l_, c, o, rr, lr, cr, orr) -> None:
    actual, reference = [r, l_, c, o], [rr, lr, cr, orr]
    values = explain.shapley(np.array([actual]), np.array([reference]))[0]
    gap = margin(*actual) - margin(*reference)
    assert values.sum() == pytest.approx(gap, rel=1e-9, abs=1e-9)
    assert values == pytest.approx(shapley_by_permutations(actual, reference), rel=1e-9, abs=1e-9)


def test_without_a_revenue_gap_the_decomposition_is_additive() -> None:
    actual = [1000.0, 700.0, 50.0, 30.0]
    reference = [1000.0, 600.0, 80.0, 20.0]
    values = explain.shapley(np.array([actual]), np.array([reference]))[0]
    assert values[0] == pytest.approx(0.0)
    assert values[1:] == pytest.approx([-0.10, 0.03, -0.01])  # -(X/R - x*) for labour, licences, other


def test_every_demo_clients_contributions_sum_to_its_gap(demo_con) -> None:
    ev = gather(demo_con, YEAR)
    prof = profitability(demo_con, YEAR)
    median = float(prof["gross_margin"].median())
    ref = explain.reference(prof)
    assert ref.median_margin == pytest.approx(median)
    assert 1 - ref.labour_share - ref.license_share - ref.other_share == pytest.approx(median)
    dec = explain.decompose(ev)
    assert dec.height == prof.height
    total = dec["c_revenue"] + dec["c_labour"] + dec["c_licences"] + dec["c_other"]
    assert (total - (dec["gross_margin"] - median)).abs().max() < 1e-12


def test_meridian_explained(demo_con) -> None:
    ev = gather(demo_con, YEAR)
    e = explain.client(ev, "Meridian Dental Group")
    prof = profitability(demo_con, YEAR)
    meridian = prof.filter(pl.col("client_key") == "meridian dental group").row(0, named=True)
    median = float(prof["gross_margin"].median())
    assert e["gap_pts"] == pytest.approx((meridian["gross_margin"] - median) * 100, abs=1e-3)
    assert sum(c["contribution_pts"] for c in e["contributions"]) == pytest.approx(e["gap_pts"], abs=1e-3)
    ranked = [abs(c["contribution_pts"]) for c in e["contributions"]]
    assert ranked == sorted(ranked, reverse=True)
    top_two = {c["component"] for c in e["contributions"][:2]}
    assert top_two == {"revenue", "labour"}  # the fee cut and Priya's hours, the planted story
    # h112: to one decimal, like the parts and the page's caption ("135.9 points below the median (40.1%)")
    assert e["sentence"].startswith(f"Meridian Dental Group's margin is {abs(e['gap_pts']):.1f} points below the median "
                                    f"({e['median_margin'] * 100:.1f}%): ")
    assert "Priya Shah" in e["sentence"]
    # the fee was cut 40% from the 6th demo month (2026-03)
    assert "down 40% from 2026-03" in e["sentence"]
    # the reference revenue is the agreed fee for 12 months
    fee = demo_con.execute("SELECT monthly_fee FROM cur_clients WHERE client_key = 'meridian dental group'").fetchall()[0][0]
    assert e["reference_revenue"] == pytest.approx(float(fee) * 12)


def test_unknown_client_says_what_to_do(demo_con) -> None:
    from moat.errors import NotEnoughData

    with pytest.raises(NotEnoughData, match="check the spelling"):
        explain.client(gather(demo_con, YEAR), "Nobody Inc")


def test_technician_explanations(demo_con) -> None:
    ev = gather(demo_con, YEAR)
    priya = explain.technician(ev, "Priya Shah", 0.70, 0.80)
    tom = explain.technician(ev, "Tom Becker", 0.70, 0.80)
    assert priya["band"] == "above" and tom["band"] == "below"
    util = utilization(demo_con, YEAR)
    worked = float(util.filter(pl.col("technician_key") == "priya shah")["worked_hours"][0])
    assert float(priya["by_work_type"]["hours"].sum()) == pytest.approx(worked)
    assert float(priya["by_client"]["hours"].sum()) == pytest.approx(worked)
    assert priya["by_client"]["client_name"][0] == "Meridian Dental Group"  # a third of her time after the cut
    assert "above the 70%-80% band" in priya["sentence"]
