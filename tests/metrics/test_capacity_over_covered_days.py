"""Utilisation divides by capacity over the days the data covers (h121 J2, fixed by the lead).

Asked on 9 August of data ending 31 July, "utilisation this quarter" (1 July - 9 August) divided July's hours by
capacity to 9 August: the team's 0.5592 against July's 0.7117, Priya's 0.8348 against 1.0625, and "who is overloaded
this quarter" named one technician of four, at confidence 0.78. Checked on the development demo (data to 28 Oct 2026):
as of 25 Nov 2026 October has ended, so 1 Oct - 25 Nov is covered to 31 Oct only."""

from __future__ import annotations

from datetime import date

import pytest

from moat import clock, db
from moat.metrics import utilization
from moat.metrics.periods import Period
from moat.metrics.utilization import capacity_period

OCTOBER = Period(date(2026, 10, 1), date(2026, 10, 31))
TO_DATE = Period(date(2026, 10, 1), date(2026, 11, 25))


def test_a_period_past_the_data_divides_by_capacity_to_its_last_covered_day(demo_con) -> None:
    assert db.scalar(demo_con, "SELECT max(date) FROM cur_time_entries") <= date(2026, 10, 31)
    with clock.asked_on(date(2026, 11, 25)):
        assert capacity_period(demo_con, TO_DATE) == OCTOBER
        to_date, october = utilization(demo_con, TO_DATE), utilization(demo_con, OCTOBER)
    # 22 weekdays in October 2026 (1 Oct a Thursday), each technician's capacity / 5 a day
    weekdays = sum(1 for d in range(1, 32) if date(2026, 10, d).weekday() < 5)
    assert weekdays == 22
    both = to_date.join(october, on="technician_key", suffix="_oct")
    assert both.height == october.height > 0
    for row in both.iter_rows(named=True):
        assert row["available_hours"] == pytest.approx(float(row["weekly_capacity_hours"]) * weekdays / 5)
        assert row["available_hours"] == pytest.approx(row["available_hours_oct"])
        assert row["billable_utilization"] == pytest.approx(row["billable_utilization_oct"])


def test_a_period_inside_the_data_or_wholly_past_it_is_unchanged(demo_con) -> None:
    with clock.asked_on(date(2026, 11, 25)):
        assert capacity_period(demo_con, OCTOBER) == OCTOBER
        later = Period(date(2026, 11, 1), date(2026, 11, 25))
        assert capacity_period(demo_con, later) == later
    last = db.scalar(demo_con, "SELECT max(d) FROM (SELECT date AS d FROM cur_time_entries UNION ALL "
                               "SELECT date FROM cur_invoices)")
    with clock.asked_on(date(2026, 10, 20)):  # October still running then: covered only as far as its rows go
        assert capacity_period(demo_con, OCTOBER) == Period(OCTOBER.start, last) != OCTOBER
