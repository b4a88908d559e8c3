"""Issue 15, h91: a stretch of whole months said by its length or by its ends, taught as rules
(``moat.ai.period_lengths``). Every phrasing here is written for this file (none is an eval family's or a held-out
question).

1. "the first / last N months of <year>": January to month N (or the year's final N months); this year's stretch
   that has not ended is left unread (flagged), never read as one month or the default period;
2. "N months / quarters to (the end of) / ending / through <month>": the stretch of that length ending with that month;
3. "from <numeric date> to today" (also "between ... and today", "... - today"): that day to the as-of date, month
   first unless a number above 12 settles day first; both orders possible is flagged.
"""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai.mentions import Vocabulary
from moat.ai.parser import Parser
from moat.metrics.periods import Period

AS_OF = date(2027, 4, 9)
DEFAULT = Period(date(2027, 1, 1), date(2027, 3, 31))
VOCAB = Vocabulary(clients=("Harbor Logistics", "Meridian Dental Group"), technicians=("Priya Shah", "Tom Becker"),
                   products=(("Huntress Managed EDR", "Huntress"),), segments=("healthcare", "legal"))


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(VOCAB, target_margin=0.30, utilization_low=0.70, utilization_high=0.80, default_period=DEFAULT,
                  data_span=Period(date(2026, 3, 1), date(2027, 3, 31)))


def _read(parser: Parser, question: str):
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None, (question, parsed.refusal)
    return parsed


@pytest.mark.parametrize(("question", "start", "end"), [
    ("gross profit over the first eight months of 2026", date(2026, 1, 1), date(2026, 8, 31)),
    ("revenue in the opening 2 months of last year", date(2026, 1, 1), date(2026, 2, 28)),
    ("labour cost for the first three months of the year", date(2027, 1, 1), date(2027, 3, 31)),
    ("licence cost across the final four months of 2026", date(2026, 9, 1), date(2026, 12, 31)),
])
def test_part_of_a_year_is_that_stretch(parser: Parser, question: str, start: date, end: date) -> None:
    parsed = _read(parser, question)
    assert (parsed.intent.period.start, parsed.intent.period.end) == (start, end)
    assert parsed.confidence >= 0.7


def test_part_of_this_year_not_over_stays_flagged(parser: Parser) -> None:
    """In April, "the first five months of the year" may mean so far or January to May: never a sure answer."""
    parsed = parser.parse("revenue for the first five months of the year", AS_OF)
    assert parsed.intent is None or parsed.confidence < 0.7


@pytest.mark.parametrize(("question", "start", "end"), [
    ("revenue for the 5 months to the end of January", date(2026, 9, 1), date(2027, 1, 31)),
    ("gross profit in the two quarters ending September 2026", date(2026, 4, 1), date(2026, 9, 30)),
    ("labour cost, nine months up to dec", date(2026, 4, 1), date(2026, 12, 31)),
    ("hours over the 3 months through the end of February 2027", date(2026, 12, 1), date(2027, 2, 28)),
])
def test_length_to_a_month_ends_with_that_month(parser: Parser, question: str, start: date, end: date) -> None:
    parsed = _read(parser, question)
    assert (parsed.intent.period.start, parsed.intent.period.end) == (start, end)
    assert parsed.confidence >= 0.7


@pytest.mark.parametrize(("question", "start"), [
    ("revenue from 4/20/2026 to today", date(2026, 4, 20)),
    ("gross profit between 20/4/2026 and today", date(2026, 4, 20)),
    ("labour cost 4/20/2026 - today", date(2026, 4, 20)),
])
def test_numeric_day_to_today(parser: Parser, question: str, start: date) -> None:
    parsed = _read(parser, question)
    assert (parsed.intent.period.start, parsed.intent.period.end) == (start, AS_OF)
    assert parsed.confidence >= 0.7


def test_numeric_day_to_today_both_orders_flagged(parser: Parser) -> None:
    """"5/4/2026" is 4 May (US) or 5 April: read month first, flagged."""
    parsed = _read(parser, "revenue from 5/4/2026 to today")
    assert (parsed.intent.period.start, parsed.intent.period.end) == (date(2026, 5, 4), AS_OF)
    assert parsed.confidence < 0.7


@pytest.mark.parametrize(("question", "start", "end"), [
    ("labour cost H1 26", date(2026, 1, 1), date(2026, 6, 30)),
    ("gross profit in q2-26", date(2026, 4, 1), date(2026, 6, 30)),
    ("revenue for Q1/27", date(2027, 1, 1), date(2027, 3, 31)),
])
def test_two_digit_year_after_half_or_quarter(parser: Parser, question: str, start: date, end: date) -> None:
    parsed = _read(parser, question)
    assert (parsed.intent.period.start, parsed.intent.period.end) == (start, end)


def test_two_digit_year_compare_keeps_each_year(parser: Parser) -> None:
    """"H2 26 vs H1 26" was read as H2 2026 against H1 2027 (the digits dropped)."""
    parsed = _read(parser, "labour cost H1 26 vs H2 26")
    i = parsed.intent
    assert {(i.period.start, i.period.end), (i.compare_start, i.compare_end)} == {
        (date(2026, 1, 1), date(2026, 6, 30)), (date(2026, 7, 1), date(2026, 12, 31))}


def test_two_digits_that_are_a_count_are_no_year(parser: Parser) -> None:
    parsed = _read(parser, "clients with over 40 hours in Q1")
    assert (parsed.intent.period.start, parsed.intent.period.end) == (date(2027, 1, 1), date(2027, 3, 31))
    assert parsed.intent.threshold is not None and parsed.intent.threshold.value == 40


@pytest.mark.parametrize("question", [
    "gross profit by quarter: Q1 26, Q2 26, Q3 26, Q4 26",
    "quarterly hours for q1, q2, q3, q4 2026",
])
def test_listed_quarters_each_asked_are_their_span(parser: Parser, question: str) -> None:
    parsed = _read(parser, question)
    assert parsed.intent.grouping == "quarter"
    assert (parsed.intent.period.start, parsed.intent.period.end) == (date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize("question", [
    "how much did promotions cost us last quarter",
    "advertising spend in 2026",
    "what went on marketing in March",
])
def test_costs_no_table_holds_are_refused(parser: Parser, question: str) -> None:
    """Marketing / advertising was answered as labour cost (flagged): a cost no table holds is refused, naming it."""
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None and parsed.refusal
    assert any(w in parsed.refusal for w in ("promotions", "advertising", "marketing"))


@pytest.mark.parametrize(("question", "word"), [
    ("Veeam backup seats we paid for in 2026", "veeam"),
    ("what do our Sophos antivirus licences cost", "sophos"),
])
def test_unknown_product_before_its_kind_is_refused_by_name(parser: Parser, question: str, word: str) -> None:
    """"<name> backup licences": the unknown name before the kind word was dropped and every product's cost given."""
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None and word in (parsed.refusal or "").lower()


def test_known_product_before_its_kind_is_read(parser: Parser) -> None:
    parsed = _read(parser, "Huntress EDR seats purchased last month")
    assert ("product", ("Huntress Managed EDR",)) in parsed.intent.filters


@pytest.mark.parametrize("question", [
    "walk us through why Harbor Logistics made a loss",
    "could you talk me through why Meridian Dental Group's margin is negative",
])
def test_walk_me_through_why_routes_to_the_explanation(parser: Parser, question: str) -> None:
    """"Walk me through why <client> ..." was read as the client's gross profit (flagged): a why goes to Explain."""
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None and parsed.route == "explain"


@pytest.mark.parametrize(("question", "metric"), [
    ("Huntress: seats assigned ÷ seats purchased in March", "license_utilization"),
    ("Huntress seats assigned divided by purchased, March", "license_utilization"),
    ("active seats out of assigned seats for Huntress in March", "license_activity"),
])
def test_seat_states_divided_in_words_are_the_seat_ratio(parser: Parser, question: str, metric: str) -> None:
    """"assigned ÷ purchased" was read as the seats assigned (or refused): two seat states divided are their ratio."""
    parsed = _read(parser, question)
    assert parsed.intent.metric == metric
    assert ("product", ("Huntress Managed EDR",)) in parsed.intent.filters
    assert parsed.confidence >= 0.7


def test_a_division_of_other_measures_is_not_folded(parser: Parser) -> None:
    parsed = _read(parser, "revenue divided by hours last quarter")
    assert parsed.intent.metric == "ehr"
