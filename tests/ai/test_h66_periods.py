"""Issue 15, h66: periods and time breakdowns as owners, analysts and accountants type them. Every phrasing here is
written for this file (none is a held-out question's or an eval family's). The parser runs on the small vocabulary of
tests/ai, asked 2026-11-25 (the development demo's data runs 2025-11 .. 2026-10)."""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai.parser import Parser
from moat.metrics.periods import Period
from tests.ai.test_parser import AS_OF, DEFAULT, VOCAB

REVIEW = 0.7


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(VOCAB, target_margin=0.30, utilization_low=0.70, utilization_high=0.80, default_period=DEFAULT,
                  data_span=Period(date(2025, 11, 1), date(2026, 10, 31)))


def _sure(parser: Parser, question: str):
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None, (question, parsed.refusal)
    assert parsed.confidence >= REVIEW and not parsed.ignored, (question, parsed.reasons, parsed.ignored)
    return parsed.intent


def _span(intent) -> tuple[date, date]:
    return intent.start, intent.end


# ------------------------------------------------------------------ 1. a range written out is one period
@pytest.mark.parametrize("question", [
    "revenue from 6/1 to 8/31",
    "gross profit 6/1 through 8/31",
    "hours 06/01-08/31",
    "revenue between June 1st and August 31st",
    "revenue from the start of June to the end of August",
    "revenue from 1 Jun to 31 Aug",
    "revenue jun 1 thru aug 31",
    "what did we bill from the beginning of june until august 31st",
])
def test_a_range_written_out_without_a_year_is_one_period_the_latest_ended(parser: Parser, question: str) -> None:
    intent = _sure(parser, question)
    assert _span(intent) == (date(2026, 6, 1), date(2026, 8, 31)) and intent.compare_start is None, intent
    assert intent.grouping == "company"


def test_a_range_not_yet_ended_this_year_is_last_years(parser: Parser) -> None:
    """Asked 2026-11-25: "10/1 to 12/31" has not ended this year, so it is 2025's (the latest that has ended)."""
    assert _span(_sure(parser, "revenue from 10/1 to 12/31")) == (date(2025, 10, 1), date(2025, 12, 31))


def test_a_range_across_the_new_year_starts_the_year_before(parser: Parser) -> None:
    assert _span(_sure(parser, "hours from December 1st to February 28th")) == (date(2025, 12, 1), date(2026, 2, 28))


def test_a_year_written_once_applies_to_both_sides(parser: Parser) -> None:
    assert _span(_sure(parser, "revenue between March 1st and May 31st 2026")) == (date(2026, 3, 1), date(2026, 5, 31))


def test_day_first_numbers_settle_the_order(parser: Parser) -> None:
    assert _span(_sure(parser, "revenue 1/6 - 31/8")) == (date(2026, 6, 1), date(2026, 8, 31))


def test_numeric_dates_that_read_either_way_are_flagged_naming_the_other(parser: Parser) -> None:
    parsed = parser.parse("revenue from 2/1 to 4/3", AS_OF)
    assert parsed.intent is not None and (parsed.intent.start, parsed.intent.end) == (date(2026, 2, 1), date(2026, 4, 3))
    assert parsed.confidence < REVIEW and any("2026-01-02..2026-03-04" in r for r in parsed.reasons), parsed.reasons


def test_a_range_with_a_change_word_still_compares(parser: Parser) -> None:
    intent = parser.parse("how did revenue change from June to August", AS_OF).intent
    assert intent is not None and intent.compare_start == date(2026, 6, 1) and intent.start == date(2026, 8, 1)


def test_time_logged_against_a_client_over_a_range_is_one_total(parser: Parser) -> None:
    intent = _sure(parser, "total time logged against Harbor Logistics, June to August")
    assert _span(intent) == (date(2026, 6, 1), date(2026, 8, 31)) and intent.compare_start is None
    assert dict(intent.filters)["client"] == ("Harbor Logistics",)


def test_a_number_beside_one_month_is_no_day(parser: Parser) -> None:
    intent = parser.parse("top 3 clients by revenue jun-aug", AS_OF).intent
    assert intent is not None and _span(intent) == (date(2026, 6, 1), date(2026, 8, 31)) and intent.limit == 3


# ------------------------------------------------------------------ 2. breakdowns by time
@pytest.mark.parametrize("question", [
    "revenue by quarter over the last 12 months",
    "quarterly gross profit for the past year",
    "hours each quarter in the last twelve months",
    "rev per qtr ttm",
    "break the last 12 months of revenue down by quarter",
    "revenue quarter by quarter, trailing twelve months",
])
def test_a_breakdown_by_quarter_over_a_span_is_one_row_per_quarter(parser: Parser, question: str) -> None:
    intent = _sure(parser, question)
    assert intent.grouping == "quarter" and _span(intent) == (date(2025, 11, 1), date(2026, 10, 31)), intent


def test_quarters_across_a_year_end_are_one_span(parser: Parser) -> None:
    intent = _sure(parser, "Q4 2025 through Q3 2026 revenue, per quarter")
    assert intent.grouping == "quarter" and _span(intent) == (date(2025, 10, 1), date(2026, 9, 30))
    assert intent.compare_start is None


def test_month_by_month_over_the_last_year_twelve_months_is_the_trailing_year(parser: Parser) -> None:
    intent = _sure(parser, "gross margin month by month over the last year (12 months)")
    assert intent.grouping == "month" and _span(intent) == (date(2025, 11, 1), date(2026, 10, 31))


# ------------------------------------------------------------------ 3. changes per step, two named periods
@pytest.mark.parametrize("question", [
    "MoM revenue changes july, august, september",
    "how much did revenue go up or down each month in Q3 2026",
    "did revenue rise or fall month by month in Q3 2026",
])
def test_each_months_change_over_listed_months_or_a_span(parser: Parser, question: str) -> None:
    intent = _sure(parser, question)
    assert intent.grouping == "month" and intent.change == "mom" and _span(intent) == (date(2026, 7, 1), date(2026, 9, 30))


@pytest.mark.parametrize("question", [
    "compare revenue for the second and third quarters of 2026",
    "revenue, 2nd vs 3rd quarter of this year",
    "did revenue grow between the second and third quarters of 2026",
])
def test_two_quarters_named_by_ordinals_are_compared(parser: Parser, question: str) -> None:
    intent = _sure(parser, question)
    assert (intent.compare_start, intent.compare_end) == (date(2026, 4, 1), date(2026, 6, 30))
    assert _span(intent) == (date(2026, 7, 1), date(2026, 9, 30))


def test_a_quarter_said_as_last_q4_into_this_years_q1(parser: Parser) -> None:
    parsed = parser.parse("revenue from last Q4 into Q1 of this year, did it grow", AS_OF)
    intent = parsed.intent
    assert intent is not None and (intent.compare_start, intent.end) == (date(2025, 10, 1), date(2026, 3, 31))


def test_a_month_with_its_year_word_after_the_measure(parser: Parser) -> None:
    intent = _sure(parser, "October revenue this year against October last year")
    assert (intent.compare_start, intent.start) == (date(2025, 10, 1), date(2026, 10, 1))


# ------------------------------------------------------------------ 4. relative periods said loosely
@pytest.mark.parametrize(("question", "span"), [
    ("last months revenue", (date(2026, 10, 1), date(2026, 10, 31))),
    ("show me last quarters gp", (date(2026, 7, 1), date(2026, 9, 30))),
    ("revenue the month before last", (date(2026, 9, 1), date(2026, 9, 30))),
    ("hours in the month prior to last", (date(2026, 9, 1), date(2026, 9, 30))),
    ("revenue in the last year (12 months)", (date(2025, 11, 1), date(2026, 10, 31))),
    ("revenue over the past year - the last twelve months", (date(2025, 11, 1), date(2026, 10, 31))),
])
def test_loosely_said_relative_periods(parser: Parser, question: str, span: tuple[date, date]) -> None:
    assert _span(_sure(parser, question)) == span


def test_the_last_twelve_counted_months_are_twelve_whole_months(parser: Parser) -> None:
    intent = _sure(parser, "count the months (last twelve) where revenue was over 200k")
    assert _span(intent) == (date(2025, 11, 1), date(2026, 10, 31)) and intent.grouping == "month"


@pytest.mark.parametrize("question", ["monthly revenue from june onwards", "revenue by month, june onward",
                                      "hours per month from jun on"])
def test_from_a_month_onwards_is_a_series_to_the_as_of_date(parser: Parser, question: str) -> None:
    intent = _sure(parser, question)
    assert intent.grouping == "month" and _span(intent) == (date(2026, 6, 1), AS_OF)


# ------------------------------------------------------------------ 5. fiscal periods without a fiscal year set up
@pytest.mark.parametrize("question", ["revenue for fiscal year 2025", "FY26 gross profit", "gp fy 2026",
                                      "margin this fiscal year", "hours last fiscal qtr", "FYTD revenue",
                                      "revenue, financial year 2025"])
def test_a_fiscal_period_without_dates_is_refused_naming_what_to_ask(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None and "fiscal" in parsed.refusal and "calendar" in parsed.refusal, parsed


def test_a_fiscal_year_that_names_its_end_is_read(parser: Parser) -> None:
    intent = _sure(parser, "gross profit for the fiscal year ended 30 September 2026")
    assert _span(intent) == (date(2025, 10, 1), date(2026, 9, 30))


# ------------------------------------------------------------------ 3b. the rows of a change named by a noun
@pytest.mark.parametrize(("question", "change"), [
    ("margin decliners from Q2 to Q3 2026", "down"),
    ("revenue growers between the second and third quarters of 2026", "up"),
    ("hours fallers, jun to jul", "down"),
    ("gp gainers from last month vs the month before", "up"),
])
def test_a_noun_made_of_a_change_verb_lists_the_entities_that_changed_so(parser: Parser, question: str,
                                                                        change: str) -> None:
    intent = _sure(parser, question)
    assert intent.grouping in ("client", "technician") and intent.change == change and intent.compare_start is not None


@pytest.mark.parametrize(("question", "span"), [
    ("revenue 2 months ago", (date(2026, 9, 1), date(2026, 9, 30))),
    ("gp two quarters ago", (date(2026, 4, 1), date(2026, 6, 30))),
    ("hours a month ago", (date(2026, 10, 1), date(2026, 10, 31))),
])
def test_units_ago_are_that_whole_unit_counted_back(parser: Parser, question: str, span: tuple[date, date]) -> None:
    assert _span(_sure(parser, question)) == span


def test_a_two_year_fiscal_label_is_refused_naming_its_months(parser: Parser) -> None:
    parsed = parser.parse("revenue FY 25/26", AS_OF)
    assert parsed.intent is None and "from July 2025 to June 2026" in parsed.refusal, parsed.refusal


def test_more_than_compares_two_measures_not_two_periods(parser: Parser) -> None:
    """"Cost us more than they paid us between June and August" is one period (the measure is another class's)."""
    intent = parser.parse("which clients cost us more than they paid us between June and August", AS_OF).intent
    assert intent is not None and _span(intent) == (date(2026, 6, 1), date(2026, 8, 31)) and intent.compare_start is None


def test_more_in_one_period_than_another_still_compares(parser: Parser) -> None:
    intent = parser.parse("did we bill more in Q3 2026 than in Q2 2026", AS_OF).intent
    assert intent is not None and intent.compare_start == date(2026, 4, 1) and intent.start == date(2026, 7, 1)


def test_logged_against_a_period_is_still_a_comparison_word(parser: Parser) -> None:
    parsed = parser.parse("hours logged against last month", AS_OF)
    assert parsed.confidence < REVIEW or parsed.intent.compare_start is not None, parsed.reasons


def test_wise_after_a_measure_is_read(parser: Parser) -> None:
    intent = _sure(parser, "which clients grew revenue-wise from Q2 2026 into Q3 2026")
    assert intent.metric == "revenue" and intent.change == "up" and intent.compare_start == date(2026, 4, 1)
