"""A month compared with the same month a year earlier keeps both months whole: February 2025 against February 2024
counts the leap day (the year-earlier period was 1..28 February 2024, dropping the 29th's figures)."""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai.comparison import shift_years
from moat.ai.parser import Parser
from moat.metrics import Period
from tests.ai.test_parser import VOCAB

AS_OF = date(2025, 3, 20)


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(VOCAB, target_margin=0.30, utilization_low=0.70, utilization_high=0.80,
                  default_period=Period(date(2024, 12, 1), date(2025, 2, 28)),
                  data_span=Period(date(2024, 2, 1), date(2025, 2, 28)))


@pytest.mark.parametrize("question", ["revenue February 2025 vs the same month last year", "feb revenue yoy",
                                      "February revenue compared with February last year",
                                      "revenue last month vs a year earlier"])
def test_february_a_year_earlier_is_the_whole_leap_february(parser: Parser, question: str) -> None:
    intent = parser.parse(question, AS_OF).intent
    assert intent is not None
    assert (intent.start, intent.end) == (date(2025, 2, 1), date(2025, 2, 28))
    assert (intent.compare_start, intent.compare_end) == (date(2024, 2, 1), date(2024, 2, 29))


def test_shifting_a_day_by_years() -> None:
    assert shift_years(date(2025, 2, 28), -1) == date(2024, 2, 29)  # a month's last day stays its last day
    assert shift_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert shift_years(date(2024, 2, 28), 1) == date(2025, 2, 28)
    assert shift_years(date(2025, 3, 15), -1) == date(2024, 3, 15)
    assert shift_years(date(2025, 4, 30), -1) == date(2024, 4, 30)
