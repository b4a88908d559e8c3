"""Issue 15, h89: eight classes a sealed set answered confidently wrong, each taught as a rule. Every phrasing here is
written for this file (none is an eval family's or a held-out question): the parser runs on the small hand-made
vocabulary of tests/ai plus three clients whose names hold a segment's or a vendor's word (asked 2026-11-25: last
month is October 2026, last quarter Q3 2026, the last 6 months May-October 2026). The figures these readings give are
checked by the dev families (bench/eval_families/dev/h89_classes.yaml) on the eval demo."""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai.catalogue import Threshold
from moat.ai.parser import Parser, Vocabulary
from moat.metrics.periods import Period
from tests.ai.test_general_rules_pass2 import AS_OF, VOCAB2
from tests.ai.test_parser import DEFAULT

VOCAB3 = Vocabulary(
    clients=VOCAB2.clients + ("Pinecrest Retail Group", "Orchard Datto Services", "Legal Eagles Partners"),
    technicians=VOCAB2.technicians,
    products=VOCAB2.products,
    segments=VOCAB2.segments + ("retail",),
)
Q3 = (date(2026, 7, 1), date(2026, 9, 30))
OCT = (date(2026, 10, 1), date(2026, 10, 31))
SEP = (date(2026, 9, 1), date(2026, 9, 30))
AUG = (date(2026, 8, 1), date(2026, 8, 31))
LAST_6 = (date(2026, 5, 1), date(2026, 10, 31))


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(VOCAB3, target_margin=0.30, utilization_low=0.70, utilization_high=0.80, default_period=DEFAULT,
                  data_span=Period(date(2025, 11, 1), date(2026, 10, 31)))


def _complete(parser: Parser, question: str):
    """The reading of a question the parser must understand fully (no word ignored, not flagged)."""
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None, (question, parsed.refusal)
    assert not parsed.ignored and parsed.confidence >= 0.7, (question, parsed.ignored, parsed.confidence, parsed.reasons)
    return parsed.intent


# ------------------------------------------------------------------ 1. clients as the object of a billing verb
@pytest.mark.parametrize("question", [
    "please show me what we billed clients during Q3",
    "I want to see what we invoiced our customers during Q3",
    "could you give me what we charged clients in Q3 2026",
    "tell me what we billed the clients in Q3",
    "what our customers were invoiced in Q3",
    "what the clients paid us in Q3",
    "show me what our accounts got billed during Q3",
])
def test_clients_billed_are_whom_one_amount_was_billed_to(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, (i.start, i.end)) == ("revenue", "company", Q3), (question, i)


@pytest.mark.parametrize("question", ["what we billed each client in Q3", "show what we invoiced per customer in Q3"])
def test_each_client_billed_is_still_the_list(parser: Parser, question: str) -> None:
    assert _complete(parser, question).grouping == "client"


# ------------------------------------------------------------------ 2. "tech hours" costed is labour cost
@pytest.mark.parametrize("question", [
    "cost of engineer hours in Q3",
    "what's the cost of our technician time for Q3",
    "tech hours cost, Q3 2026",
    "the cost of tech time in Q3",
    "the cost of our techs' hours in Q3",
])
def test_the_cost_of_tech_hours_is_one_labour_cost(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, (i.start, i.end)) == ("labour_cost", "company", Q3), (question, i)


def test_tech_hours_without_money_stay_per_technician(parser: Parser) -> None:
    assert _complete(parser, "technician hours Q3 2026").grouping == "technician"


# ------------------------------------------------------------------ 3. a word inside a name is read once, as the name
@pytest.mark.parametrize(("question", "name"), [
    ("revenue from everyone except pinecrest retail in Q3", "Pinecrest Retail Group"),
    ("gross profit in Q3 without Pinecrest Retail, in total", "Pinecrest Retail Group"),
    ("revenue in Q3 for everyone but Meridian Dental", "Meridian Dental Group"),
    ("Q3 revenue of all clients apart from orchard datto, one figure", "Orchard Datto Services"),
    ("hours in Q3 for everyone except legal eagles, in total", "Legal Eagles Partners"),
])
def test_a_word_of_a_left_out_name_is_never_also_a_filter(parser: Parser, question: str, name: str) -> None:
    i = _complete(parser, question)
    assert i.excluded == (("client", (name,)),) and i.filters == () and i.grouping == "company", (question, i)


def test_a_word_of_a_named_client_is_never_also_its_segment(parser: Parser) -> None:
    i = _complete(parser, "hours for pinecrest retail in Q3")
    assert i.filters == (("client", ("Pinecrest Retail Group",)),), i


def test_a_segment_word_outside_the_name_still_filters(parser: Parser) -> None:
    i = _complete(parser, "total revenue of retail clients other than pinecrest retail in Q3")
    assert i.filter("segment") == ("retail",) and i.excluded == (("client", ("Pinecrest Retail Group",)),), i


# ------------------------------------------------------------------ 4. a condition in one period and in another
@pytest.mark.parametrize(("question", "metric", "grouping", "threshold"), [
    ("clients with negative GP in aug and in sep 2026", "gross_profit", "client", Threshold("<", 0.0)),
    ("which clients had gross profit below zero in august and again in september", "gross_profit", "client",
     Threshold("<", 0.0)),
    ("techs over 80% billable in aug and also in sep 2026", "billable_utilization", "technician", Threshold(">", 0.8)),
])
def test_a_condition_in_one_period_and_in_another_holds_in_each(parser: Parser, question: str, metric: str,
                                                                 grouping: str, threshold: Threshold) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, i.threshold) == (metric, grouping, threshold), (question, i)
    assert i.each == (AUG, SEP) and i.each_mode == "all" and i.compare_start is None, (question, i)


def test_an_amount_threshold_in_one_period_and_in_another_holds_in_each(parser: Parser) -> None:
    i = _complete(parser, "clients with more than 10k revenue in aug and in sep 2026")
    assert (i.metric, i.threshold, i.each) == ("revenue", Threshold(">", 10000.0), (AUG, SEP)), i


def test_a_company_condition_in_each_of_two_periods_is_refused_naming_each_question(parser: Parser) -> None:
    parsed = parser.parse("was our gross margin under 20% in aug and in sep 2026", AS_OF)
    assert parsed.intent is None and "August 2026" in parsed.refusal and "September 2026" in parsed.refusal, parsed


def test_a_change_between_two_periods_stays_a_comparison(parser: Parser) -> None:
    i = parser.parse("clients whose gross profit fell by more than 1000 from aug to sep 2026", AS_OF).intent
    assert i is not None and i.each == () and (i.compare_start, i.compare_end) == AUG, i


# ------------------------------------------------------------------ 5. a ranking word beside "per month"
@pytest.mark.parametrize("question", [
    "gross margin per month over the last 6 months, ranked",
    "gross margin by month for the past six months, sorted",
    "ranking of gross margin by month, last 6 months",
])
def test_months_per_month_with_a_ranking_word_are_ranked(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, (i.start, i.end)) == ("gross_margin", "month", LAST_6), (question, i)
    assert (i.order, i.limit) == ("desc", None), (question, i)


def test_per_month_without_a_ranking_word_stays_in_date_order(parser: Parser) -> None:
    i = _complete(parser, "gross margin per month over the last 6 months")
    assert (i.grouping, i.order) == ("month", None)


# ------------------------------------------------------------------ 6. a total word with "all techs" after "by"
@pytest.mark.parametrize("question", [
    "total hours clocked by all technicians last month",
    "hours worked by all engineers altogether last month",
    "combined time logged by all of our techs in October",
])
def test_a_total_by_all_techs_is_one_figure(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, (i.start, i.end)) == ("hours", "company", OCT), (question, i)


# ------------------------------------------------------------------ 7. "fell within <range>" is membership
@pytest.mark.parametrize("question", [
    "techs whose billable utilisation fell within the 60 to 80 percent range in october",
    "technicians whose billable utilization fell in the sixty to eighty percent band in October 2026",
    "which engineers had billable utilisation falling into 60-80% in october",
    "techs whose billable utilisation fell inside of sixty to eighty percent last month",
])
def test_fell_within_a_range_is_where_the_value_lies(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, (i.start, i.end)) == ("billable_utilization", "technician", OCT), (question, i)
    assert i.threshold == Threshold("between", 0.6, 0.8) and i.compare_start is None and i.change is None, (question, i)


def test_a_fall_by_an_amount_is_still_a_change(parser: Parser) -> None:
    i = parser.parse("techs whose billable utilisation fell by more than 10% in october", AS_OF).intent
    assert i is not None and i.change == "down" and i.compare_start is not None, i


# ------------------------------------------------------------------ 8. break down / split across a segment's clients
@pytest.mark.parametrize(("question", "metric"), [
    ("split Q3 hours across our legal clients", "hours"),
    ("break down Q3 revenue across the healthcare customers", "revenue"),
    ("Q3 gross profit broken out across our legal accounts", "gross_profit"),
    ("break the Q3 hours down across our healthcare clients", "hours"),
])
def test_a_breakdown_across_a_segments_clients_lists_them(parser: Parser, question: str, metric: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, (i.start, i.end)) == (metric, "client", Q3), (question, i)
    assert len(i.filter("segment")) == 1, i


def test_across_a_segments_clients_without_a_breakdown_word_stays_one_amount(parser: Parser) -> None:
    i = _complete(parser, "Q3 hours across our legal clients")
    assert i.grouping in ("company", "segment") and i.filter("segment") == ("legal",), i  # one row: the segment's
