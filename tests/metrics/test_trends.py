"""Monthly trends agree with the period totals to the cent; roll-ups follow the glossary."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moat.metrics import licenses, profitability, utilization
from moat.metrics.periods import Period
from moat.metrics.summary import kpis
from moat.metrics.totals import band, by_segment, change, license_totals, profitability_totals, utilization_totals
from moat.metrics.trends import monthly, trend_window

SUMMED = ("revenue", "labour_cost", "license_cost", "other_cost", "gross_profit", "hours")


def test_months_sum_to_the_period_totals(demo_con) -> None:
    period = Period(date(2026, 1, 15), date(2026, 10, 20))  # partial first and last month
    months = monthly(demo_con, period)
    assert months["month"].to_list() == [date(2026, m, 1) for m in range(1, 11)]
    totals = kpis(demo_con, period)
    for column in SUMMED:
        assert months[column].sum() == totals[column], column


def test_each_month_equals_profitability_of_that_month(demo_con) -> None:
    months = monthly(demo_con, Period(date(2026, 5, 10), date(2026, 7, 31)))
    clipped = [Period(date(2026, 5, 10), date(2026, 5, 31)), Period(date(2026, 6, 1), date(2026, 6, 30)),
               Period(date(2026, 7, 1), date(2026, 7, 31))]
    for row, period in zip(months.iter_rows(named=True), clipped, strict=True):
        prof = profitability(demo_con, period)
        assert row["revenue"] == prof["revenue"].sum()
        assert row["gross_profit"] == prof["gross_profit"].sum()
        assert row["gross_margin"] == pytest.approx(float(prof["gross_profit"].sum() / prof["revenue"].sum()), rel=1e-12)


def test_segment_trend_matches_segment_profitability(demo_con) -> None:
    period = Period(date(2026, 4, 1), date(2026, 9, 30))
    months = monthly(demo_con, period, "legal")
    prof = profitability(demo_con, period, "legal")
    for column in SUMMED:
        assert months[column].sum() == prof[column].sum(), column


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.dates(date(2025, 8, 1), date(2026, 12, 31)), days=st.integers(0, 500))
def test_any_period_splits_exactly_into_months(demo_con, start: date, days: int) -> None:
    period = Period(start, start + timedelta(days=days))
    months = monthly(demo_con, period)
    totals = profitability_totals(profitability(demo_con, period))
    for column in SUMMED:
        assert months[column].sum() == totals[column], column
    assert all(period.start.replace(day=1) <= m <= period.end for m in months["month"])


def test_empty_database_has_no_months(empty_con) -> None:
    assert monthly(empty_con, Period(date(2026, 1, 1), date(2026, 12, 31))).is_empty()


def test_trend_window_looks_back_a_year_but_keeps_longer_periods() -> None:
    assert trend_window(Period(date(2026, 8, 1), date(2026, 10, 31))) == Period(date(2025, 11, 1), date(2026, 10, 31))
    assert trend_window(Period(date(2024, 1, 1), date(2026, 10, 31))).start == date(2024, 1, 1)


def test_profitability_totals_recompute_ratios(demo_con) -> None:
    period = Period(date(2026, 8, 1), date(2026, 10, 31))
    prof = profitability(demo_con, period)
    totals = profitability_totals(prof)
    assert totals["revenue"] == Decimal("640552.3000")  # the demo's last quarter, seed 7
    assert totals["gross_margin"] == float(totals["gross_profit"] / totals["revenue"])
    assert totals["gross_margin"] == pytest.approx(kpis(demo_con, period)["gross_margin"], rel=1e-12)
    assert totals["loss_making"] == sum(1 for g in prof["gross_profit"] if g < 0)
    empty = profitability_totals(prof.clear())
    assert empty["revenue"] == 0 and empty["gross_margin"] is None and empty["ehr"] is None


def test_unknown_labour_makes_gross_profit_unknown(demo_con) -> None:
    prof = profitability(demo_con, Period(date(2026, 8, 1), date(2026, 10, 31)))
    broken = prof.with_columns(pl.when(pl.col("client_name") == "Meridian Dental Group").then(None)
                               .otherwise(pl.col("labour_cost")).alias("labour_cost"))
    assert profitability_totals(broken)["gross_profit"] is None


def test_by_segment_sums_clients(demo_con) -> None:
    prof = profitability(demo_con, Period(date(2026, 8, 1), date(2026, 10, 31)))
    segments = by_segment(prof)
    assert segments["clients"].sum() == prof.height
    assert segments["revenue"].sum() == prof["revenue"].sum()
    legal = segments.filter(pl.col("segment") == "legal").row(0, named=True)
    rows = prof.filter(pl.col("segment") == "legal")
    assert legal["gross_margin"] == pytest.approx(float(rows["gross_profit"].sum() / rows["revenue"].sum()), rel=1e-12)


def test_license_and_utilization_totals(demo_con) -> None:
    period = Period(date(2026, 8, 1), date(2026, 10, 31))
    lic = license_totals(licenses(demo_con, period, by="product"))
    assert lic["license_waste"] == kpis(demo_con, period)["license_waste"]
    assert lic["license_utilization"] == float(lic["seats_assigned"] / lic["seats_purchased"])
    util = utilization(demo_con, period)
    totals = utilization_totals(util, 0.7, 0.8)
    assert totals["billable_utilization"] == kpis(demo_con, period)["billable_utilization"]
    assert totals["below"] + totals["within"] + totals["above"] == util.height == totals["technicians"]


def test_band_edges_and_change() -> None:
    assert [band(v, 0.7, 0.8) for v in (0.69, 0.7, 0.8, 0.81, None)] == ["below", "within", "within", "above", None]
    assert change(Decimal(110), Decimal(100), "money") == 0.1
    assert change(Decimal(-90), Decimal(-100), "money") == 0.1  # a smaller loss is an improvement
    assert change(0.35, 0.30, "percent") == 0.35 - 0.30
    assert change(Decimal(5), Decimal(0), "money") is None and change(None, 0.3, "percent") is None
