"""Issue 15, h80: the classes h80's fresh dev families (written before reading the parser) found, each taught as a
general rule. Every phrasing here is written for this file (none is an eval family's or a held-out question): the parser
runs on the small hand-made vocabulary of tests/ai (asked 2026-11-25: last quarter is Q3 2026, last month October
2026, last year 2025)."""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai.catalogue import Threshold
from moat.ai.numbers import normalise
from moat.ai.parser import Parser
from tests.ai.test_general_rules_pass2 import VOCAB2, _complete
from tests.ai.test_parser import AS_OF, DEFAULT

Q3 = (date(2026, 7, 1), date(2026, 9, 30))
Q2 = (date(2026, 4, 1), date(2026, 6, 30))
OCT = (date(2026, 10, 1), date(2026, 10, 31))
OCT_2025 = (date(2025, 10, 1), date(2025, 10, 31))
YEAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(VOCAB2, target_margin=0.30, utilization_low=0.70, utilization_high=0.80, default_period=DEFAULT)


def _span(intent) -> tuple[date, date]:
    return intent.start, intent.end


# ------------------------------------------------------------------ 1. paying for the unused state is money
@pytest.mark.parametrize(("question", "grouping"), [
    ("which clients do we pay the most for idle seats at, Q3", "client"),
    ("amount paid for unused licences at Harbor Logistics in Q3", "client"),
    ("vendors we paid the most for inactive seats in Q3", "vendor"),
])
def test_paying_for_unused_seats_is_licence_waste_never_a_seat_count(parser: Parser, question: str, grouping: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, _span(i)) == ("license_waste", Q3), question
    assert i.grouping == grouping, (question, i.grouping)


def test_seats_paid_for_but_not_used_are_still_counted(parser: Parser) -> None:
    i = _complete(parser, "how many seats did we pay for but not use in Q3")
    assert (i.metric, _span(i)) == ("seats_unused", Q3)


# ------------------------------------------------------------------ 2. "hr" for hour beside a rate
@pytest.mark.parametrize(("question", "client"), [
    ("Harbor Logistics effective hr rate, Q3", ("Harbor Logistics",)),
    ("hr rate on Meridian Dental Group in Q3", ("Meridian Dental Group",)),
    ("revenue per hr on Harbor Logistics, Q3", ("Harbor Logistics",)),
])
def test_hr_beside_a_rate_is_the_effective_hourly_rate(parser: Parser, question: str, client: tuple[str, ...]) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.filter("client"), _span(i)) == ("ehr", client, Q3), question


# ------------------------------------------------------------------ 3. clients "earning" an amount: their revenue
@pytest.mark.parametrize(("question", "threshold", "count"), [
    ("clients earning over $40,000 in Q3", Threshold(">", 40000.0), False),
    ("which accounts were earning less than 8000 dollars in Q3", Threshold("<", 8000.0), False),
    ("how many clients are earning more than $25k in Q3", Threshold(">", 25000.0), True),
])
def test_clients_earning_an_amount_is_revenue(parser: Parser, question: str, threshold: Threshold, count: bool) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, i.threshold, i.count, _span(i)) == ("revenue", "client", threshold, count, Q3), question


def test_clients_earning_us_money_keeps_the_profit_reading(parser: Parser) -> None:
    parsed = parser.parse("which clients are earning us money in Q3", AS_OF)
    assert parsed.intent is not None and parsed.intent.metric == "gross_profit", (parsed.intent, parsed.refusal)


# ------------------------------------------------------------------ 4. "client segment" is the segment
@pytest.mark.parametrize("question", [
    "what did every client segment bill in Q3",
    "gross margin for each customer segment, Q3",
    "Q3 labour cost of every client industry",
])
def test_a_client_segment_is_one_grouping_by_segment(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.grouping, _span(i)) == ("segment", Q3), question


# ------------------------------------------------------------------ 5. "<amount> up to <amount>" is a range
@pytest.mark.parametrize(("text", "written"), [
    ("clients with revenue of 5,000 up to 9,000 in q3", "between 5,000 and 9,000"),
    ("clients from $5k up to $9k in q3", "between $5k and $9k"),
    ("margin 10 percent up to 20 percent", "between 10 percent and 20 percent"),
])
def test_an_amount_up_to_another_is_a_range(text: str, written: str) -> None:
    assert written in normalise(text), normalise(text)


def test_up_to_one_amount_stays_a_ceiling() -> None:
    assert "between" not in normalise("clients with revenue up to 9,000 in q3")


def test_a_range_written_with_up_to_is_read(parser: Parser) -> None:
    i = _complete(parser, "which clients billed 5,000 up to 9,000 dollars in Q3")
    assert (i.metric, i.grouping, i.threshold, _span(i)) == ("revenue", "client", Threshold("between", 5000.0, 9000.0), Q3)


# ------------------------------------------------------------------ 6. a month written as numbers
@pytest.mark.parametrize(("question", "span"), [
    ("revenue 10/2026", OCT),
    ("Harbor Logistics gross profit for 10-2025", OCT_2025),
    ("hours by technician, 7/2026", (date(2026, 7, 1), date(2026, 7, 31))),
])
def test_a_month_and_year_written_as_numbers_is_that_month(parser: Parser, question: str, span) -> None:
    i = _complete(parser, question)
    assert _span(i) == span, question


def test_a_month_number_above_twelve_is_no_month(parser: Parser) -> None:
    parsed = parser.parse("revenue 13/2026", AS_OF)
    assert parsed.intent is None or _span(parsed.intent) != (date(2026, 1, 1), date(2026, 1, 31)), parsed.intent
    assert parsed.intent is None or parsed.ignored or parsed.confidence < 0.7, (parsed.intent, parsed.confidence)


def test_two_numeric_dates_stay_a_range(parser: Parser) -> None:
    i = _complete(parser, "revenue from 01/07/2026 to 30/09/2026")
    assert _span(i) == Q3


# ------------------------------------------------------------------ 7. "the last calendar year"
@pytest.mark.parametrize(("question", "span"), [
    ("total revenue for the last calendar year", YEAR_2025),
    ("gross profit in the previous calendar year", YEAR_2025),
    ("hours logged over the past calendar year", YEAR_2025),
    ("revenue this calendar year", (date(2026, 1, 1), AS_OF)),
])
def test_a_calendar_year_said_with_last_or_this_is_that_year(parser: Parser, question: str, span) -> None:
    i = _complete(parser, question)
    assert _span(i) == span, question


# ------------------------------------------------------------------ 8. the same month a year before, set side by side
@pytest.mark.parametrize(("question", "before", "after"), [
    ("October's revenue vs the same month one year earlier", OCT_2025, OCT),
    ("revenue last month and the same month a year before it", OCT_2025, OCT),
    ("Q3 gross profit next to Q2", Q2, Q3),
    ("hours in Q3 2026 alongside Q2 2026", Q2, Q3),
])
def test_a_period_beside_another_is_a_comparison(parser: Parser, question: str, before, after) -> None:
    i = _complete(parser, question)
    assert ((i.compare_start, i.compare_end), _span(i)) == (before, after), question


# ------------------------------------------------------------------ 9. what is left after the costs named by kind
@pytest.mark.parametrize("question", [
    "after labour, licences and other costs, how much did we keep in Q3",
    "what was left over in Q3 after labor costs, licence costs and other direct costs",
])
def test_left_after_every_kind_of_direct_cost_is_gross_profit(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, _span(i)) == ("gross_profit", "company", Q3), question


@pytest.mark.parametrize("question", [
    "what did we keep after labour and licence costs in Q3",
    "after licence costs, what did we clear on Harbor Logistics in Q3",
    "how much is left after technician costs, Q3",
])
def test_left_after_only_some_costs_is_asked_back_never_one_cost(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None and parsed.refusal, (question, parsed.intent)
    assert "gross profit" in parsed.refusal and "each cost" in parsed.refusal, parsed.refusal
