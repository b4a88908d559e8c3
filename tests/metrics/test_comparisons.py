"""The comparison rule (issue 17 point 1): whole months against as many whole months before, a period partly
covered by data never shows a change, licence figures only compared over as many licence months.

The same rule reaches the pages (tests/pages), ``moat metrics summary`` and the executive report, all through
``moat.metrics.summary``; these tests pin it at each of those doors with the scale-1 demo (Oct 2025 - Oct 2026).
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from moat.export.report import build
from moat.export.report_kpis import kpi_lines
from moat.governance.permissions import User
from moat.metrics.periods import Period
from moat.metrics.summary import kpis, summary


@pytest.mark.parametrize(("start", "end", "prev_start", "prev_end"), [
    ("2026-09-01", "2026-11-30", "2026-06-01", "2026-08-31"),  # the Sep-Nov against Jun-Aug (not 02 Jun)
    ("2026-03-01", "2026-03-31", "2026-02-01", "2026-02-28"),  # a 31-day month against a 28-day one
    ("2026-01-01", "2026-12-31", "2025-01-01", "2025-12-31"),
    ("2024-03-01", "2024-04-30", "2024-01-01", "2024-02-29"),  # leap year
])
def test_whole_month_periods_compare_with_as_many_whole_months(start: str, end: str, prev_start: str, prev_end: str) -> None:
    assert Period.parse(start, end).previous() == Period.parse(prev_start, prev_end)


@pytest.mark.parametrize(("start", "end", "prev_start", "prev_end"), [
    ("2026-03-10", "2026-03-19", "2026-02-28", "2026-03-09"),
    ("2026-09-01", "2026-11-29", "2026-06-03", "2026-08-31"),  # not ending on a month end: equal length
    ("2026-09-02", "2026-11-30", "2026-06-04", "2026-09-01"),
])
def test_other_periods_compare_with_equal_length(start: str, end: str, prev_start: str, prev_end: str) -> None:
    period = Period.parse(start, end)
    assert period.previous() == Period.parse(prev_start, prev_end)
    assert period.previous().days == period.days


def test_licence_cost_of_whole_months_is_compared_with_the_same_licence_months(demo_con) -> None:
    # Jun-Aug 2026 has 92 days; the 92 days before began on 02 Mar, so March's licence month fell out and the
    # licence cost rose by half. Against Mar-May it is compared month for month.
    period = Period(date(2026, 6, 1), date(2026, 8, 31))
    rows = {r["metric"]: r for r in summary(demo_con, period).iter_rows(named=True)}
    before = kpis(demo_con, Period(date(2026, 3, 1), date(2026, 5, 31)))
    assert rows["license_cost"]["previous"] == str(before["license_cost"])
    now = kpis(demo_con, period)
    expected = float((now["license_cost"] - before["license_cost"]) / before["license_cost"])
    assert rows["license_cost"]["change"] == pytest.approx(expected)
    assert abs(rows["license_cost"]["change"]) < 0.1  # the demo's licence bill barely moves month to month
    assert rows["license_cost"]["note"] is None


def test_a_previous_period_partly_covered_by_data_shows_no_change_and_says_so(demo_con) -> None:
    # Data starts in October 2025: Nov-Jan's previous period (Aug-Oct 2025) holds one month of three.
    rows = {r["metric"]: r for r in summary(demo_con, Period(date(2025, 11, 1), date(2026, 1, 31))).iter_rows(named=True)}
    for name in ("revenue", "gross_profit", "gross_margin", "license_cost", "hours", "clients"):
        assert rows[name]["change"] is None, name
        assert "01 Aug 2025 to 31 Oct 2025 is only partly covered by data" in rows[name]["note"]
        assert "data starts 01 Oct 2025" in rows[name]["note"]


def test_a_current_period_running_past_the_data_shows_no_change(demo_con) -> None:
    rows = {r["metric"]: r for r in summary(demo_con, Period(date(2026, 9, 1), date(2026, 11, 30))).iter_rows(named=True)}
    assert rows["revenue"]["change"] is None
    assert "data ends 31 Oct 2026" in rows["revenue"]["note"]


def test_fully_covered_periods_carry_no_note(demo_con) -> None:
    df = summary(demo_con, Period(date(2026, 8, 1), date(2026, 10, 31)))
    assert df["note"].null_count() == df.height
    assert df["change"].null_count() == 0


def test_licence_figures_over_unequal_licence_months_are_not_compared(demo_con) -> None:
    # 02 Mar - 31 May holds two first days of a month (Apr, May); the 91 days before hold four (Dec-Mar).
    period = Period(date(2026, 3, 2), date(2026, 5, 31))
    assert period.month_starts == 2 and period.previous().month_starts == 4
    rows = {r["metric"]: r for r in summary(demo_con, period).iter_rows(named=True)}
    for name in ("license_cost", "license_waste", "gross_profit", "gross_margin"):
        assert rows[name]["change"] is None, name
        assert "holds 2 licence months, the previous one 4" in rows[name]["note"]
    assert rows["revenue"]["change"] is not None and rows["revenue"]["note"] is None


def test_cli_summary_withholds_the_change_and_prints_the_note(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    out = subprocess.run(
        [sys.executable, "-m", "moat", "--db", str(demo_path), "metrics", "summary", "--from", "2025-11-01",
         "--to", "2026-01-31", "--format", "json"], capture_output=True, text=True, check=True,
    ).stdout
    rows = {r["metric"]: r for r in json.loads(out)}
    assert rows["revenue"]["change"] is None
    assert "only partly covered by data" in rows["revenue"]["note"]
    assert rows["revenue"]["value"] > rows["revenue"]["previous"] > 0  # both still reported


def test_cli_summary_of_whole_months_compares_the_same_months(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    out = subprocess.run(
        [sys.executable, "-m", "moat", "--db", str(demo_path), "metrics", "summary", "--from", "2026-06-01",
         "--to", "2026-08-31", "--format", "json"], capture_output=True, text=True, check=True,
    ).stdout
    rows = {r["metric"]: r for r in json.loads(out)}
    assert "note" not in rows["revenue"]  # nothing withheld: the documented columns only
    assert abs(rows["license_cost"]["change"]) < 0.1


def test_report_shows_no_delta_and_states_why(demo_con) -> None:
    lines = {k.metric: k for k in kpi_lines(demo_con, Period(date(2025, 11, 1), date(2026, 1, 31)))}
    assert lines["revenue"].change == "n/a"
    assert lines["revenue"].previous != "n/a"
    report = build(demo_con, User("vic", "viewer"), Period(date(2025, 11, 1), date(2026, 1, 31)), with_charts=False)
    assert any("only partly covered by data (data starts 01 Oct 2025)" in note for note in report.notes)
    assert report.previous == Period(date(2025, 8, 1), date(2025, 10, 31))
