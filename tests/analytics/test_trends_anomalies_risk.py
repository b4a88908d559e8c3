"""Forecasts, anomalies and risk on series with known answers."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from moat.analytics import anomalies, risk, trends
from moat.analytics.evidence import gather
from moat.metrics import Period
from moat.metrics.trends import monthly

YEAR = Period(date(2025, 11, 1), date(2026, 10, 31))


def test_forecast_continues_a_straight_line_exactly() -> None:
    fc = trends.forecast([10 + 2 * t for t in range(12)])
    assert [f.value for f in fc] == pytest.approx([34, 36, 38])
    assert all(f.high - f.low == pytest.approx(0, abs=1e-9) for f in fc)


def test_forecast_interval_by_hand() -> None:
    values = [1.0, 3.0, 2.0, 4.0]  # slope 0.8, intercept 1.3, residuals -0.3, 0.9, -0.9, 0.3
    [first] = trends.forecast(values, horizon=1)
    assert first.value == pytest.approx(1.3 + 0.8 * 4)
    s = (sum(r * r for r in (-0.3, 0.9, -0.9, 0.3)) / 2) ** 0.5
    half = 4.303 * s * (1 + 1 / 4 + (4 - 1.5) ** 2 / 5) ** 0.5
    assert first.high - first.value == pytest.approx(half)
    assert first.value - first.low == pytest.approx(half)


def test_too_short_a_series_gets_no_forecast() -> None:
    assert trends.forecast([1.0, 2.0, 3.0]) == []


def test_planted_spike_is_found_and_flat_series_is_not() -> None:
    assert anomalies.flags([100.0] * 11 + [400.0]) == [11]
    assert anomalies.flags([100.0] * 12) == []
    noisy = [100, 104, 97, 101, 99, 103, 96, 102, 98, 100, 250, 101]
    assert anomalies.flags(noisy) == [10]
    assert anomalies.flags([100, 104, 97, 101, 99, 103, 96, 102, 98, 100, 105, 101]) == []


def test_detect_finds_a_spike_planted_in_the_demo(demo_con) -> None:
    before = anomalies.detect(gather(demo_con, YEAR))
    assert before.filter((pl.col("client_key") == "acme engineering") & (pl.col("series") == "costs")).is_empty()
    demo_con.execute(
        "INSERT INTO costs (snapshot_id, row_key, is_current, cost_id, client_key, client_name, date, amount, category) "
        "VALUES (1, 'planted', true, 'C-PLANTED', 'acme engineering', 'Acme Engineering', '2026-06-15', 20000, 'hardware')")
    after = anomalies.detect(gather(demo_con, YEAR))
    hit = after.filter((pl.col("client_key") == "acme engineering") & (pl.col("series") == "costs"))
    assert hit["month"].to_list() == [date(2026, 6, 1)]
    row = hit.row(0, named=True)
    assert row["direction"] == "up" and row["excess_money"] == pytest.approx(row["value"] - row["median"])
    assert row["value"] - row["median"] > 19000


def test_company_series_reuse_the_overview_months(demo_con) -> None:
    ev = gather(demo_con, YEAR)
    company = trends.company_monthly(demo_con, ev)
    base = monthly(demo_con, YEAR)
    assert company["revenue"].to_list() == base["revenue"].to_list()
    assert company["license_waste"].sum() == pytest.approx(float(ev.lic["license_waste"].sum()))
    series = trends.with_forecast(company, "revenue")
    assert series.filter(pl.col("kind") == "forecast").height == 3


def test_client_series_sum_to_profitability(demo_con) -> None:
    from moat.metrics import profitability

    ev = gather(demo_con, YEAR)
    m = trends.client_monthly(ev, "meridian dental group")
    p = profitability(demo_con, YEAR).filter(pl.col("client_key") == "meridian dental group").row(0, named=True)
    assert m["revenue"].sum() == pytest.approx(float(p["revenue"]))
    assert m["labour_cost"].sum() == pytest.approx(float(p["labour_cost"]))


def test_risk_score_by_hand() -> None:
    first = {"revenue": 100.0, "costs": 50.0, "hours": 10.0, "entries": 10.0}
    second = {"revenue": 85.0, "costs": 60.0, "hours": 10.0, "entries": 15.0}
    total, reasons = risk.score(first, second)
    # revenue -15% -> 0.5 x 30; margin 50% -> 29.4% (-20.6 pts) -> full 30; entries +50% -> full 20; hours flat
    assert total == pytest.approx(15 + 30 + 20)
    assert reasons[0].startswith("margin -20.6 pts")
    assert len(reasons) == 3


def test_a_client_new_in_the_second_half_has_no_baseline_and_no_crash() -> None:
    """No revenue, hours or entries in the first half (onboarded mid-period): every change is from a zero base,
    so no signal fires; only the margin, which has a base once revenue exists, could. This crashed whole runs."""
    total, reasons = risk.score({"revenue": 0.0, "costs": 40.0, "hours": 0.0, "entries": 0.0},
                                {"revenue": 900.0, "costs": 300.0, "hours": 12.0, "entries": 9.0})
    assert (total, reasons) == (0.0, [])
    total, reasons = risk.score({"revenue": 500.0, "costs": 100.0, "hours": 0.0, "entries": 0.0},
                                {"revenue": 250.0, "costs": 100.0, "hours": 8.0, "entries": 4.0})
    assert total == pytest.approx(30 + 30)  # revenue -50% and margin -20 pts (80% -> 60%); hours from zero: none
    assert reasons == ["revenue -50% (second half vs first) -> 30 of 100", "margin -20.0 pts -> 30 of 100"]


def test_meridian_is_among_the_riskiest_demo_clients(demo_con) -> None:
    scores = risk.client_risk(gather(demo_con, YEAR))
    assert "Meridian Dental Group" in scores["client_name"].head(3).to_list()
    meridian = scores.filter(pl.col("client_key") == "meridian dental group").row(0, named=True)
    assert meridian["revenue_decline"] == 1.0 and any("revenue" in r for r in meridian["reasons"])


def test_three_months_compare_monthly_averages_not_one_month_with_two(demo_con) -> None:
    """h112: over three months (every page's default period) the first half was one month and the second two, and
    their totals were compared: every client's time entries "rose" 100% or more (ticket_rise full for most clients)
    and a revenue decline hid behind the doubled total. The halves are compared per month."""
    quarter = Period(date(2026, 8, 1), date(2026, 10, 31))
    ev = gather(demo_con, quarter)
    scores = risk.client_risk(ev)
    halves = risk.halves(ev)
    cm = ev.client_month.filter(pl.col("source") == "time_entries")
    for key in scores["client_key"].head(5).to_list():
        aug = cm.filter((pl.col("client_key") == key) & (pl.col("month") == date(2026, 8, 1)))["n"].sum()
        later = cm.filter((pl.col("client_key") == key) & (pl.col("month") > date(2026, 8, 1)))["n"].sum()
        mine = halves.filter(pl.col("client_key") == key).sort("half")["entries"].to_list()
        assert mine == [pytest.approx(aug), pytest.approx(later / 2)]
    rising = scores.filter(pl.col("ticket_rise") == 1.0).height
    assert rising < scores.height / 4, rising  # summed halves: most of the 40 clients at full ticket rise
