"""General period rules of questions (issue 15): a quarter or half of a relative year, two periods sharing one
written year, year-on-year, open-ended periods, empty periods and unknown products. The phrasings are written
here (none is an eval family); the parser runs on the small hand-made vocabulary of ``test_parser``, as of
2026-11-25."""

from __future__ import annotations

import pytest

from moat.ai.parser import Parser
from moat.ai.periods import find_period
from tests.ai.test_parser import AS_OF, DEFAULT, VOCAB


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(VOCAB, target_margin=0.30, utilization_low=0.70, utilization_high=0.80, default_period=DEFAULT)


def _span(text: str) -> tuple[str, str]:
    found = find_period(text, AS_OF)
    assert found is not None, text
    return found.period.start.isoformat(), found.period.end.isoformat()


# ------------------------------------------------------------------ 1. a quarter or half of a relative year
@pytest.mark.parametrize(("text", "start", "end"), [
    ("revenue in q4 last year", "2025-10-01", "2025-12-31"),
    ("revenue in q3 of last year", "2025-07-01", "2025-09-30"),
    ("margin for q1 of the previous year", "2025-01-01", "2025-03-31"),
    ("hours in q2 this year", "2026-04-01", "2026-06-30"),
    ("the fourth quarter of last year", "2025-10-01", "2025-12-31"),
    ("the last quarter of last year", "2025-10-01", "2025-12-31"),
    ("the first half of last year", "2025-01-01", "2025-06-30"),
    ("h2 last year", "2025-07-01", "2025-12-31"),
    ("h1 of this year", "2026-01-01", "2026-06-30"),
    ("the back half of 2025", "2025-07-01", "2025-12-31"),
    ("the front half of this year", "2026-01-01", "2026-06-30"),
    ("the latter half of last year", "2025-07-01", "2025-12-31"),
    ("the second half", "2026-07-01", "2026-12-31"),
    ("the last half year", "2026-05-01", "2026-10-31"),
    ("over the past half-year", "2026-05-01", "2026-10-31"),
    ("last year's q4", "2025-10-01", "2025-12-31"),
    ("revenue last year q4", "2025-10-01", "2025-12-31"),
    ("revenue in q3 '25", "2025-07-01", "2025-09-30"),
    ("this year's first half", "2026-01-01", "2026-06-30"),
    ("the last three months of 2025", "2025-10-01", "2025-12-31"),
    ("the first 6 months of last year", "2025-01-01", "2025-06-30"),
    ("september last year", "2025-09-01", "2025-09-30"),
    ("revenue 2025 ytd", "2025-01-01", "2025-12-31"),
])
def test_a_quarter_or_half_of_a_relative_year(text: str, start: str, end: str) -> None:
    assert _span(text) == (start, end)


@pytest.mark.parametrize(("question", "start", "end"), [
    ("what was revenue in Q4 last year?", "2025-10-01", "2025-12-31"),
    ("gross profit for the first half of last year", "2025-01-01", "2025-06-30"),
    ("hours logged H2 last year", "2025-07-01", "2025-12-31"),
])
def test_the_parser_answers_that_quarter_in_full(parser: Parser, question: str, start: str, end: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None and not parsed.partial, parsed.ignored
    assert (parsed.intent.start.isoformat(), parsed.intent.end.isoformat()) == (start, end)


# ------------------------------------------------------------------ 2. two periods, the year written once
@pytest.mark.parametrize(("question", "before", "after"), [
    ("how did revenue change from September to October last year", ("2025-09-01", "2025-09-30"),
     ("2025-10-01", "2025-10-31")),
    ("margin first half vs second half last year", ("2025-01-01", "2025-06-30"), ("2025-07-01", "2025-12-31")),
    ("was profit higher in oct than sep 2025", ("2025-09-01", "2025-09-30"), ("2025-10-01", "2025-10-31")),
    ("revenue q2 versus q3 of last year", ("2025-04-01", "2025-06-30"), ("2025-07-01", "2025-09-30")),
    ("hours in March compared with April 2024", ("2024-03-01", "2024-03-31"), ("2024-04-01", "2024-04-30")),
    ("revenue Q3 2024 vs Q4", ("2024-07-01", "2024-09-30"), ("2024-10-01", "2024-12-31")),
])
def test_one_written_year_applies_to_both_periods(parser: Parser, question: str, before: tuple[str, str],
                                                  after: tuple[str, str]) -> None:
    parsed = parser.parse(question, AS_OF)
    i = parsed.intent
    assert i is not None and not parsed.partial, (parsed.refusal, parsed.ignored)
    assert (i.compare_start.isoformat(), i.compare_end.isoformat()) == before
    assert (i.start.isoformat(), i.end.isoformat()) == after


@pytest.mark.parametrize(("question", "after"), [
    ("revenue in October year-on-year", ("2026-10-01", "2026-10-31")),
    ("revenue in October year on year", ("2026-10-01", "2026-10-31")),
    ("YoY margin for Q3", ("2026-07-01", "2026-09-30")),
    ("hours in September compared with the same month last year", ("2026-09-01", "2026-09-30")),
    ("revenue last month vs a year ago", ("2026-10-01", "2026-10-31")),
])
def test_year_on_year_compares_with_the_same_period_a_year_before(parser: Parser, question: str,
                                                                 after: tuple[str, str]) -> None:
    parsed = parser.parse(question, AS_OF)
    i = parsed.intent
    assert i is not None and not parsed.partial, (parsed.refusal, parsed.ignored)
    assert i.change != "mom" and i.grouping != "month"
    assert (i.start.isoformat(), i.end.isoformat()) == after
    assert (i.compare_start, i.compare_end) == (i.start.replace(year=i.start.year - 1), i.end.replace(year=i.end.year - 1))


# ------------------------------------------------------------------ 3. open-ended periods end on the as-of date
@pytest.mark.parametrize(("text", "start"), [
    ("revenue since the start of march", "2026-03-01"),
    ("revenue since the beginning of march 2025", "2025-03-01"),
    ("revenue since march", "2026-03-01"),
    ("revenue from 1 oct up to today", "2026-10-01"),
    ("revenue from the 1st of october to date", "2026-10-01"),
    ("revenue from october 1st until now", "2026-10-01"),
    ("hours from june to date", "2026-06-01"),
    ("hours since october so far", "2026-10-01"),
    ("margin so far since july", "2026-07-01"),
    ("profit since the start of the year", "2026-01-01"),
    ("profit since the start of the quarter", "2026-10-01"),
    ("profit month to date", "2026-11-01"),
    ("hours qtd", "2026-10-01"),
    ("since nov 30", "2025-11-30"),
    ("revenue since 2025", "2025-01-01"),
    ("revenue since last october", "2026-10-01"),
    ("revenue since the 1st", "2026-11-01"),
    ("margin up to today", "2026-01-01"),
    ("revenue to date", "2026-01-01"),
    ("revenue this year to date", "2026-01-01"),
    ("revenue ytd 2026", "2026-01-01"),
    ("revenue between 1 october and today", "2026-10-01"),
])
def test_an_open_ended_period_runs_to_the_as_of_date(text: str, start: str) -> None:
    assert _span(text) == (start, AS_OF.isoformat())


@pytest.mark.parametrize(("question", "start"), [
    ("revenue since the start of March", "2026-03-01"),
    ("revenue from 1 Oct up to today", "2026-10-01"),
    ("what have we billed since October so far", "2026-10-01"),
    ("revenue from the 1st of October to date", "2026-10-01"),
    ("revenue so far", "2026-01-01"),
])
def test_the_parser_reads_the_whole_open_ended_period(parser: Parser, question: str, start: str) -> None:
    parsed = parser.parse(question, AS_OF)
    i = parsed.intent
    assert i is not None and not parsed.partial, (parsed.refusal, parsed.ignored)
    assert (i.start.isoformat(), i.end) == (start, AS_OF)


def test_a_range_of_two_months_is_still_one_range() -> None:
    assert _span("revenue from june to august") == ("2026-06-01", "2026-08-31")


# ------------------------------------------------------------------ 7. an unknown product or vendor is named back
@pytest.mark.parametrize(("question", "word"), [
    ("Webroot licence waste last quarter", "webroot"),
    ("how much do we waste on webroot licenses", "webroot"),
    ("unused sophos seats last month", "sophos"),
    ("seats purchased for Acronis in Q3", "acronis"),
    ("how much licence money was wasted on webroot last quarter", "webroot"),
])
def test_an_unknown_product_is_refused_by_name(parser: Parser, question: str, word: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None and parsed.refusal is not None, parsed.intent
    assert word in parsed.refusal.lower()


@pytest.mark.parametrize("question", [
    "Datto licence waste last quarter", "unused licences last quarter", "licence waste per product last quarter",
    "which clients waste the most on licences last quarter",
])
def test_known_products_and_plain_licence_questions_still_answer(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None, parsed.refusal


@pytest.mark.parametrize(("question", "before", "after"), [
    ("margin Q4 vs Q1 2026", ("2025-10-01", "2025-12-31"), ("2026-01-01", "2026-03-31")),
    ("revenue in Q4 than in Q3 2025", ("2025-07-01", "2025-09-30"), ("2025-10-01", "2025-12-31")),
    ("hours from Q4 to Q1 2026", ("2025-10-01", "2025-12-31"), ("2026-01-01", "2026-03-31")),
    ("revenue Q3 vs Q3 last year", ("2025-07-01", "2025-09-30"), ("2026-07-01", "2026-09-30")),
])
def test_the_year_before_only_where_the_first_period_precedes_the_second(parser: Parser, question: str,
                                                                        before: tuple[str, str], after: tuple[str, str]) -> None:
    """"Q4 vs Q1 2026" runs across the new year; "Q4 than Q3 2025" stays in 2025; "Q3 vs Q3 last year" is two years."""
    i = parser.parse(question, AS_OF).intent
    assert i is not None
    assert ((i.compare_start.isoformat(), i.compare_end.isoformat()), (i.start.isoformat(), i.end.isoformat())) == (before, after)
