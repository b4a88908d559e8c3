"""The one clock inside a question asked as of a date (h119 lead): whether a month has ended, and so how far the data
covers a period, is judged as of the question's date, not the machine's. Asked as of 2029-01-03 on data ending
2028-12-29 (the last weekday), "revenue by quarter for 2028" had left Q4 2028 out as "not a whole quarter", at
confidence 0.995, because the machine's date (2026) put December 2028 in the future."""

from __future__ import annotations

from datetime import date

from moat import clock
from moat.metrics.periods import covered_through, ended


def test_asked_on_pins_today_inside_the_block_only() -> None:
    before = clock.today()
    with clock.asked_on(date(2029, 1, 3)):
        assert clock.today() == date(2029, 1, 3)
        with clock.asked_on(None):  # None leaves the clock as it is
            assert clock.today() == date(2029, 1, 3)
    assert clock.today() == before


def test_a_month_ended_as_of_the_question_covers_to_its_last_day() -> None:
    with clock.asked_on(date(2029, 1, 3)):
        assert ended(date(2028, 12, 31)) and covered_through(date(2028, 12, 29)) == date(2028, 12, 31)
    with clock.asked_on(date(2028, 12, 30)):  # a month still running as of the question: only as far as its rows
        assert covered_through(date(2028, 12, 29)) == date(2028, 12, 29)
    with clock.asked_on(date(2026, 10, 20)):  # asked on a past day: October 2026 was still running then
        assert not ended(date(2026, 10, 31)) and covered_through(date(2026, 10, 16)) == date(2026, 10, 16)


def test_data_from_the_first_weekday_covers_its_month_from_the_first() -> None:
    """heldout20 (lead): data from Monday 2 April 2029 (1 April a Sunday) left Q2 2029 out of "revenue by quarter from
    April 2029 to March 2030" as "not a whole quarter", confidently; data from a Wednesday 14 October still does not
    cover the first half of October."""
    from moat.metrics.periods import first_covered

    assert first_covered(date(2029, 4, 2)) == date(2029, 4, 1)
    assert first_covered(date(2025, 3, 3)) == date(2025, 3, 1)  # 1-2 March 2025 a weekend
    assert first_covered(date(2025, 10, 14)) == date(2025, 10, 14)
    assert first_covered(date(2029, 4, 3)) == date(2029, 4, 3)  # Monday 2 April holds no row: not covered
    assert first_covered(date(2029, 5, 1)) == date(2029, 5, 1)
