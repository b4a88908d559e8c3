"""Issue 15, h96: money totals over filtered sets, the rest of a set as one amount, and the other money classes a sealed
set's authors asked (see the classes below). Every phrasing here is written for this file (none is an eval family's or
a held-out question): the parser runs on the small hand-made vocabulary of tests/ai (asked 2026-11-25: last month is
October 2026, last quarter Q3 2026). The figures these readings give are checked by the dev families
(bench/eval_families/dev/h96_*.yaml) on the eval demo."""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai.parser import Parser, Vocabulary
from moat.metrics.periods import Period
from tests.ai.test_general_rules_pass2 import AS_OF, VOCAB2
from tests.ai.test_parser import DEFAULT

Q3 = (date(2026, 7, 1), date(2026, 9, 30))
OCT = (date(2026, 10, 1), date(2026, 10, 31))
SEP = (date(2026, 9, 1), date(2026, 9, 30))
AUG = (date(2026, 8, 1), date(2026, 8, 31))
YEAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(VOCAB2, target_margin=0.30, utilization_low=0.70, utilization_high=0.80, default_period=DEFAULT,
                  data_span=Period(date(2025, 11, 1), date(2026, 10, 31)))


def _complete(parser: Parser, question: str):
    """The reading of a question the parser must understand fully (no word ignored, not flagged)."""
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None, (question, parsed.refusal)
    assert not parsed.ignored and parsed.confidence >= 0.7, (question, parsed.ignored, parsed.confidence, parsed.reasons)
    return parsed.intent


def _flagged_or_refused(parser: Parser, question: str):
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None or parsed.ignored or parsed.confidence < 0.7, (question, parsed.intent)
    return parsed


# ------------------------------------------------------------------ 1. the rest of a set, no list word: one amount
@pytest.mark.parametrize("question", [
    "the Q3 GP of every vertical save healthcare",
    "Q3 GP, all the verticals apart from healthcare",
    "every segment but healthcare: gross profit for Q3",
    "GP for Q3 for all sectors, healthcare excluded",
])
def test_every_segment_but_one_is_one_amount(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, i.excluded, (i.start, i.end)) == (
        "gross_profit", "company", (("segment", ("healthcare",)),), Q3), (question, i)


@pytest.mark.parametrize("question", [
    "October revenue from every customer apart from Harbor Logistics",
    "last month's billings, all accounts except Harbor Logistics",
    "how much did all of the remaining customers invoice in October, not counting Harbor Logistics",
    "October invoicing for every other account, with Harbor Logistics excluded",
])
def test_all_clients_but_one_is_one_amount(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, i.excluded, (i.start, i.end)) == (
        "revenue", "company", (("client", ("Harbor Logistics",)),), OCT), (question, i)


@pytest.mark.parametrize("question", [
    "revenue by client for every client except Harbor Logistics last month",
    "which clients other than Harbor Logistics billed the most last month",
    "billable hours for every tech except Tom Becker last month",
])
def test_a_list_word_or_technicians_still_list_the_rest(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None and parsed.intent.grouping in ("client", "technician"), (question, parsed.intent)


@pytest.mark.parametrize("question", [
    "other direct costs for 2025, all clients",
    "2025 other costs - all customers",
    "all accounts, other direct cost, 2025",
])
def test_all_clients_said_as_a_clause_is_their_total(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, (i.start, i.end)) == ("other_cost", "company", YEAR_2025), (question, i)


def test_all_clients_after_for_and_a_ratio_over_all_clients_stay_listed(parser: Parser) -> None:
    assert parser.parse("revenue for all clients last quarter", AS_OF).intent.grouping == "client"
    assert parser.parse("gross margin, all clients, last quarter", AS_OF).intent.grouping == "client"


# ------------------------------------------------------------------ 2. money of the clients a ratio condition picks
@pytest.mark.parametrize("question", [
    "revenue from the clients below a 10% margin in Q3, as one figure",
    "how much did our under-10%-margin customers bill in Q3",
    "revenue of sub 10 percent margin clients, Q3",
    "what did the customers with gross margin < 10% bring in during Q3",
])
def test_money_of_the_clients_under_a_margin_is_one_sum(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.where_metric, i.passing_total, i.threshold.op, i.threshold.value, (i.start, i.end)) == (
        "revenue", "gross_margin", True, "<", pytest.approx(0.10), Q3), (question, i)


def test_which_clients_under_a_margin_is_still_a_list(parser: Parser) -> None:
    parsed = parser.parse("which clients under 10% margin billed the most in Q3", AS_OF)
    assert parsed.intent is None or not parsed.intent.passing_total


def test_a_condition_on_one_of_two_money_figures_is_never_sure(parser: Parser) -> None:
    _flagged_or_refused(parser, "what gross profit did customers with revenue above 20000 make in Q3 altogether")


# ------------------------------------------------------------------ 3. "two months running": in each month on its own
@pytest.mark.parametrize("question", [
    "clients that were in the red two months running, august and september",
    "which accounts lost money two months in a row (aug and sep 2026)",
    "customers with negative GP in Aug AND Sep 2026",
    "who was unprofitable two straight months, august and september",
    "clients losing us money for 2 consecutive months: aug 2026 and sep 2026",
])
def test_a_condition_two_months_running_holds_in_each_month(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, i.threshold.op, i.threshold.value) == ("gross_profit", "client", "<", 0.0), (question, i)
    assert list(i.each) == [AUG, SEP], (question, i)


def test_two_months_joined_by_a_plain_and_stay_flagged(parser: Parser) -> None:
    _flagged_or_refused(parser, "clients with negative gross profit in aug and sep 2026")


# ------------------------------------------------------------------ 4. a change over a mark said in slang; counts under one
@pytest.mark.parametrize("question, op, value", [
    ("october vs september: accounts whose GP rose by over a thousand bucks", ">", 1000.0),
    ("clients whose GP climbed more than a grand month over month, october 2026", ">", 1000.0),
    ("which customers added more than two thousand dollars of gross profit between September and October 2026?", ">", 2000.0),
    ("which clients saw gross profit fall by more than a thousand dollars from September to October 2026", ">", 1000.0),
    ("accounts whose GP slipped over a grand, sep to oct 2026", ">", 1000.0),
])
def test_a_change_between_two_months_over_a_slang_mark(parser: Parser, question: str, op: str, value: float) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, (i.compare_start, i.compare_end), (i.start, i.end)) == (
        "gross_profit", "client", SEP, OCT), (question, i)
    assert (i.threshold.op, i.threshold.value) == (op, value) and i.change in ("up", "down"), (question, i)


@pytest.mark.parametrize("question", [
    "how many clients had less than a grand of gross profit in Q3",
    "number of accounts that made under a grand of profit in Q3",
    "in Q3, how many clients earned us under a thousand bucks of gross profit",
])
def test_a_count_under_a_slang_mark(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.count, i.threshold.op, i.threshold.value, (i.start, i.end)) == (
        "gross_profit", True, "<", 1000.0, Q3), (question, i)


# ------------------------------------------------------------------ 5. other direct cost as "other-cost" / "not labour, not licences"
@pytest.mark.parametrize("question", [
    "the 3 accounts with the most costs not labour, not licences in Q3",
    "the 3 largest other-cost customers in Q3",
    "costs that are not labour, not licences: top three clients in Q3",
])
def test_other_cost_typed_hyphenated_or_negated_twice(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, i.order, i.limit, (i.start, i.end)) == ("other_cost", "client", "desc", 3, Q3), (
        question, i)


def test_costs_without_labour_only_are_still_refused(parser: Parser) -> None:
    assert parser.parse("costs excluding labour in Q3", AS_OF).intent is None


# ------------------------------------------------------------------ 6. orders through "how little / how much"; bottom N verticals
@pytest.mark.parametrize("question, metric, order", [
    ("Q3 healthcare-segment customers sorted by how little revenue came from each", "revenue", "asc"),
    ("rank our healthcare accounts by how little we billed them in Q3", "revenue", "asc"),
    ("Q3 loss-makers, ranked by how much each lost", "gross_profit", "asc"),
    ("list the customers in the red for Q3 in order of how much they lost", "gross_profit", "asc"),
    ("healthcare clients sorted by how much they billed in Q3", "revenue", "desc"),
])
def test_an_order_said_through_how_little_or_how_much(parser: Parser, question: str, metric: str, order: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, i.order, i.limit, (i.start, i.end)) == (metric, "client", order, None, Q3), (question, i)
    assert not i.passing_total, (question, i)


@pytest.mark.parametrize("question", ["Q3: the two sectors with the smallest GP",
                                      "the 2 sectors with the lowest GP in Q3"])
def test_the_bottom_n_verticals(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, i.order, i.limit) == ("gross_profit", "segment", "asc", 2), (question, i)


# ------------------------------------------------------------------ 7. money nicknames counted, marks before "or more", GP as a formula
@pytest.mark.parametrize("question", ["number of money pits we had in Q3", "how many money losers did we have in Q3",
                                      "number of loss-makers in Q3", "how many of our money pits were there in Q3"])
def test_a_count_of_loss_makers_by_a_nickname(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.count, i.threshold.op, i.threshold.value, (i.start, i.end)) == (
        "gross_profit", True, "<", 0.0, Q3), (question, i)


@pytest.mark.parametrize("question", ["Q3 cash cows - every account on 10k GP or above",
                                      "cash cows for Q3 with 10k of GP or better"])
def test_cash_cows_with_a_mark_before_or_more(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, i.threshold.op, i.threshold.value, i.limit) == (
        "gross_profit", "client", ">=", 10000.0, None), (question, i)


@pytest.mark.parametrize("question", ["Q3: sales less payroll, software and other direct costs",
                                      "Q3 revenue less labour + licences + other costs",
                                      "what's revenue less all direct costs for Q3"])
def test_gross_profit_spelt_out_as_its_formula(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, (i.start, i.end)) == ("gross_profit", "company", Q3), (question, i)


def test_a_hyphenated_trailing_period_is_the_period(parser: Parser) -> None:
    i = _complete(parser, "the top five accounts as a % of trailing-12-month sales")
    assert (i.metric, i.share, i.limit, (i.start, i.end)) == (
        "revenue", True, 5, (date(2025, 11, 1), date(2026, 10, 31))), i


# ------------------------------------------------------------------ 8. an unknown client opening the question
@pytest.mark.parametrize("question", ["Fabrikam gross margin last quarter", "Adatum labour cost in Q3",
                                      "cobalt dental margin in October"])
def test_an_unknown_client_opening_the_question_is_refused_by_name(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None and parsed.refusal is not None, (question, parsed.intent)
    assert question.split()[0] in parsed.refusal, parsed.refusal


@pytest.mark.parametrize("question", ["Gross margin last quarter", "Monthly revenue in Q3", "Harbor revenue in October"])
def test_a_capitalised_measure_or_a_known_name_still_answers(parser: Parser, question: str) -> None:
    assert parser.parse(question, AS_OF).intent is not None, question


# ------------------------------------------------------------------ 9. heavy typos in money questions
@pytest.mark.parametrize("question, metric", [
    ("what did lab0ur cost us in the last mnth", "labour_cost"),
    ("lab0ur costs, previous mnth", "labour_cost"),
    ("pr0fit last mnth", "gross_profit"),
])
def test_a_digit_for_a_letter_and_dropped_vowels(parser: Parser, question: str, metric: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, (i.start, i.end)) == (metric, "company", OCT), (question, i)


@pytest.mark.parametrize("question", ["top thre customers by revenue for Q3", "for Q3 give me the thre largest accounts on revnue"])
def test_thre_beside_a_ranking_word_is_three(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, i.order, i.limit, (i.start, i.end)) == ("revenue", "client", "desc", 3, Q3), (question, i)


@pytest.mark.parametrize("question", ["custmers with revnue ovr 20k in Q3", "who billed ovr $20k during Q3"])
def test_ovr_is_over(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, i.threshold.op, i.threshold.value) == ("revenue", "client", ">", 20000.0), (question, i)


def test_product_codes_keep_their_digits(parser: Parser) -> None:
    parsed = parser.parse("E3 seats last month", AS_OF)
    assert parsed.intent is not None and parsed.intent.filter("product") == ("Microsoft 365 E3",), parsed.intent


@pytest.mark.parametrize("question", ["rank the weakest 3 months for GP across the trailing 12, lowest first",
                                      "out of the past 12, show the 3 months with the smallest gross profit, worst first"])
def test_which_n_months_in_a_ranking_is_how_many(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, i.order, i.limit) == ("gross_profit", "month", "asc", 3), (question, i)


# ------------------------------------------------------------------ 10. a shared first word and a short form of one name's next word
def test_a_shared_first_word_and_a_short_form_is_that_client() -> None:
    vocab = Vocabulary(clients=VOCAB2.clients + ("Trident Accounting", "Trident Engineering", "Trident Law Partners"),
                       technicians=VOCAB2.technicians, products=VOCAB2.products, segments=VOCAB2.segments)
    parser = Parser(vocab, target_margin=0.30, utilization_low=0.70, utilization_high=0.80, default_period=DEFAULT,
                    data_span=Period(date(2025, 11, 1), date(2026, 10, 31)))
    for question in ("trident accnt revenue last month", "what did trident acctg bill in October"):
        i = _complete(parser, question)
        assert (i.metric, i.filter("client")) == ("revenue", ("Trident Accounting",)), (question, i)
    asked_back = parser.parse("trident revenue last month", AS_OF)
    assert asked_back.intent is None and "Which one" in (asked_back.refusal or ""), asked_back.intent
    account = parser.parse("what did the Trident account bring in last month", AS_OF)  # h50: "the X account" asked back
    assert account.intent is None and "Which one" in (account.refusal or ""), account.intent


def test_client_costs_negated_twice_stay_one_total(parser: Parser) -> None:
    i = _complete(parser, "2025 client costs that were not labour and not licensing")
    assert (i.metric, i.grouping) == ("other_cost", "company"), i


def test_hours_beside_a_ratio_condition_are_not_summed_unasked(parser: Parser) -> None:
    """Lead, after merging h94 + h96: only a money figure beside a ratio condition is one sum unasked; the engineers
    whose hours passed their capacity are listed (was one sum of their hours at confidence 1.0)."""
    parsed = parser.parse("engineers whose logged hours were above their capacity, December 2026", date(2027, 1, 10))
    assert parsed.intent is not None
    assert (parsed.intent.grouping, parsed.intent.metric) == ("technician", "total_utilization")
    assert not parsed.intent.passing_total
