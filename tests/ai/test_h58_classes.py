"""Issue 15, h58: the classes an outside reviewer (h52) found on a demo to 2026-12-31, each taught as a general rule.
Every phrasing here is written for this file (none is the reviewer's or an eval family's). Parse-level checks run on
the small vocabulary of tests/ai; number checks run the engine on the development demo (data to 2026-10-31, asked
2026-11-25) and compare with the answer to the plain question that names the same figure."""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai.parser import Parser
from moat.metrics.periods import Period
from tests.ai.test_general_rules_pass3 import _ask
from tests.ai.test_parser import AS_OF, DEFAULT, VOCAB

Q3 = (date(2026, 7, 1), date(2026, 9, 30))
SEP = (date(2026, 9, 1), date(2026, 9, 30))


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(VOCAB, target_margin=0.30, utilization_low=0.70, utilization_high=0.80, default_period=DEFAULT,
                  data_span=Period(date(2025, 11, 1), date(2026, 10, 31)))


def _intent(parser: Parser, question: str):
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None, (question, parsed.refusal)
    return parsed


# ------------------------------------------------------------------ D3: the kind named before the measure
@pytest.mark.parametrize(("question", "grouping"), [
    ("customers' gross margin in Q3 2026", "client"),
    ("client profitability report, Q3 2026", "client"),
    ("the engineers' hours in September 2026", "technician"),
    ("techs billable hours for Q3 2026", "technician"),
    ("how are the technicians doing on utilization in Q3 2026", "technician"),
    ("suppliers' licence spend in Q3 2026", "vendor"),
])
def test_a_kind_named_before_the_measure_is_one_row_each(parser: Parser, question: str, grouping: str) -> None:
    parsed = _intent(parser, question)
    assert parsed.intent.grouping == grouping, (question, parsed.intent)
    assert parsed.confidence >= 0.7, (question, parsed.reasons)


@pytest.mark.parametrize("question", ["customer profitability in Q3 2026", "technician hours Q3 2026", "tech util Q3 2026"])
def test_a_bare_singular_kind_is_one_row_each_too(parser: Parser, question: str) -> None:
    parsed = _intent(parser, question)
    assert parsed.intent.grouping in ("client", "technician") and parsed.confidence >= 0.7, parsed.reasons


@pytest.mark.parametrize("question", ["revenue from our clients in Q3 2026", "total client revenue in Q3 2026",
                                      "how many hours did the techs log in Q3 2026"])
def test_a_kind_that_only_describes_the_total_stays_the_total(parser: Parser, question: str) -> None:
    assert _intent(parser, question).intent.grouping == "company"


def test_clients_revenue_lists_the_clients_of_revenue_by_client(demo_con, ask_config) -> None:
    listed = _ask(demo_con, ask_config, "our clients' revenue in Q3 2026")
    plain = _ask(demo_con, ask_config, "revenue by client in Q3 2026")
    assert listed.slots["grouping"] == "client" and len(listed.rows) > 5
    assert sorted(listed.rows) == sorted(plain.rows)


# ------------------------------------------------------------------ D6: "bottom line"
@pytest.mark.parametrize("question", ["what was our bottom line in Q3 2026", "bottom line for Q3 2026",
                                      "our bottom line in Q3 2026, please"])
def test_bottom_line_is_never_the_bottom_client(parser: Parser, question: str) -> None:
    parsed = _intent(parser, question)
    assert parsed.intent.grouping == "company" and parsed.intent.limit is None and parsed.intent.order is None
    assert parsed.intent.metric == "gross_profit" and parsed.confidence < 0.7
    assert any("net profit" in r for r in parsed.reasons)


def test_bottom_three_still_ranks(parser: Parser) -> None:
    parsed = _intent(parser, "bottom 3 clients by revenue in Q3 2026")
    assert (parsed.intent.order, parsed.intent.limit) == ("asc", 3)


def test_bottom_line_number_is_the_company_gross_profit(demo_con, ask_config) -> None:
    asked = _ask(demo_con, ask_config, "what was our bottom line in Q3 2026")
    plain = _ask(demo_con, ask_config, "gross profit in Q3 2026")
    assert asked.rows == plain.rows and len(asked.rows) == 1 and asked.provisional


# ------------------------------------------------------------------ D7: a seat count over several months
@pytest.mark.parametrize("question", ["how many seats did we have in Q3 2026", "our seat count for Q3 2026",
                                      "number of unused seats we had in Q3 2026"])
def test_a_seat_count_over_a_quarter_is_its_last_month(parser: Parser, question: str) -> None:
    parsed = _intent(parser, question)
    assert (parsed.intent.start, parsed.intent.end) == SEP, parsed.intent


@pytest.mark.parametrize("question", ["how many seats did we buy in Q3 2026", "seat-months purchased in Q3 2026",
                                      "average seats per month in Q3 2026"])
def test_seats_bought_over_a_quarter_stay_the_sum(parser: Parser, question: str) -> None:
    parsed = _intent(parser, question)
    assert (parsed.intent.start, parsed.intent.end) == Q3, parsed.intent


def test_seat_count_number_is_the_last_months_seats(demo_con, ask_config) -> None:
    count = _ask(demo_con, ask_config, "how many seats did we have in Q3 2026")
    september = _ask(demo_con, ask_config, "seats purchased in September 2026")
    quarter = _ask(demo_con, ask_config, "how many seats did we buy in Q3 2026")
    assert count.rows == september.rows and count.rows[0][0] > 0
    assert quarter.rows[0][0] > 2 * count.rows[0][0]  # the sum over three months is seat-months


# ------------------------------------------------------------------ D19: each one's share of the hours
@pytest.mark.parametrize("question", ["each tech's share of billable hours in Q3 2026",
                                      "proportion of the hours per technician, Q3 2026"])
def test_each_ones_share_of_the_hours_is_refused_naming_the_held_figures(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None and "billable share by technician" in parsed.refusal, parsed


def test_the_billable_share_per_technician_is_still_answered(parser: Parser) -> None:
    assert _intent(parser, "share of hours that were billable by technician in Q3 2026").intent.metric == "billable_share"


# ------------------------------------------------------------------ D1 / D11 / D13: verbs, names, corrections
def test_a_third_person_money_verb_reads_as_the_verb(demo_con, ask_config) -> None:
    spends = _ask(demo_con, ask_config, "which client spends the most on licences in Q3 2026")
    spent = _ask(demo_con, ask_config, "which client spent the most on licences in Q3 2026")
    assert spends.slots is not None and spends.rows == spent.rows and len(spends.rows) == 1


@pytest.mark.parametrize("question", ["revenue Harbor vs Meridian last year", "Harbor Logistics versus Meridian revenue last year"])
def test_two_names_beside_last_year_are_two_names_over_last_year(parser: Parser, question: str) -> None:
    parsed = _intent(parser, question)
    assert set(parsed.intent.filter("client")) == {"Harbor Logistics", "Meridian Dental Group"}
    assert parsed.intent.compare_start is None and (parsed.intent.start, parsed.intent.end) == (date(2025, 1, 1),
                                                                                               date(2025, 12, 31))


def test_the_same_quarter_last_year_is_still_a_comparison(parser: Parser) -> None:
    parsed = _intent(parser, "revenue Q3 2026 vs the same quarter last year")
    assert parsed.intent.compare_start == date(2025, 7, 1)


@pytest.mark.parametrize("question", ["who will have the lowest margin next quarter... no, who had the lowest margin in Q3 2026",
                                      "which client is gonna have the lowest margin - sorry - lowest margin client in Q3 2026"])
def test_a_corrected_question_answers_the_correction(parser: Parser, question: str) -> None:
    parsed = _intent(parser, question)
    assert (parsed.intent.metric, parsed.intent.order, parsed.intent.limit) == ("gross_margin", "asc", 1)
    assert (parsed.intent.start, parsed.intent.end) == Q3 and parsed.question == question


def test_a_project_engineer_is_no_forecast_and_projected_revenue_is(parser: Parser) -> None:
    assert "forecast" not in (parser.parse("project revenue in Q3 2026", AS_OF).refusal or "")
    assert "forecast" in (parser.parse("projected revenue for next quarter", AS_OF).refusal or "")


# ------------------------------------------------------------------ D2 / D14: accountants' and numeric periods
@pytest.mark.parametrize(("question", "period"), [
    ("gross profit for the quarter ended 30 September 2026", Q3),
    ("revenue for the three months ending Sept 30, 2026", Q3),
    ("hours in the 12 months ended 2026-09-30", (date(2025, 10, 1), date(2026, 9, 30))),
    ("revenue from 01/07/2026 to 30/09/2026", Q3),
    ("revenue 07/01/2026 - 09/30/2026", Q3),
])
def test_a_stretch_ended_on_a_day_and_numeric_ranges(parser: Parser, question: str, period: tuple[date, date]) -> None:
    parsed = _intent(parser, question)
    assert (parsed.intent.start, parsed.intent.end) == period, (question, parsed.intent)


def test_numeric_dates_both_readings_possible_are_not_guessed(parser: Parser) -> None:
    parsed = parser.parse("revenue from 01/07/2026 to 09/09/2026", AS_OF)
    assert parsed.intent is None or (parsed.intent.start, parsed.intent.end) not in (
        (date(2026, 7, 1), date(2026, 9, 9)), (date(2026, 1, 7), date(2026, 9, 9))) or parsed.confidence < 0.7


def test_quarter_ended_number_is_the_quarters(demo_con, ask_config) -> None:
    ended = _ask(demo_con, ask_config, "gross profit for the quarter ended 30 September 2026")
    plain = _ask(demo_con, ask_config, "gross profit in Q3 2026")
    assert ended.rows == plain.rows and not ended.provisional


# ------------------------------------------------------------------ D22: the price of one seat
@pytest.mark.parametrize("question", ["how much does one Business Premium licence cost us",
                                      "what's the price of a single E3 seat", "what are we charged per Datto seat"])
def test_the_price_of_one_seat_is_refused_naming_the_held_figures(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None and "price of one seat" in parsed.refusal, (question, parsed.intent)


@pytest.mark.parametrize("question", ["Business Premium licence cost in Q3 2026", "licence cost per client in Q3 2026",
                                      "how many seats do we pay for"])
def test_licence_cost_and_seat_counts_are_still_answered(parser: Parser, question: str) -> None:
    assert _intent(parser, question).intent is not None


# ------------------------------------------------------------------ D10 / D12: a year before a licence measure, total costs
@pytest.mark.parametrize("question", ["2026 licence waste", "our 2026 license cost by vendor"])
def test_a_year_before_a_licence_measure_is_the_period(parser: Parser, question: str) -> None:
    parsed = _intent(parser, question)
    assert (parsed.intent.start, parsed.intent.end) == (date(2026, 1, 1), date(2026, 12, 31)) and not parsed.ignored


def test_a_plural_count_after_a_number_is_still_an_amount(parser: Parser) -> None:
    parsed = parser.parse("clients with over 2000 licences in Q3 2026", AS_OF)
    assert parsed.intent is None or (parsed.intent.start, parsed.intent.end) == Q3


@pytest.mark.parametrize("question", ["total costs in Q3 2026", "all our costs for Q3 2026", "overall expenses, Q3 2026"])
def test_total_costs_are_every_direct_cost(demo_con, ask_config, question: str) -> None:
    asked = _ask(demo_con, ask_config, question)
    plain = _ask(demo_con, ask_config, "direct costs in Q3 2026")
    assert asked.slots["metric"] == "direct_cost" and asked.rows == plain.rows and not asked.provisional


# ------------------------------------------------------------------ D1 / D11: MSP owners' words
def test_an_amount_an_hour_is_the_effective_hourly_rate(parser: Parser) -> None:
    parsed = _intent(parser, "which clients were under $85 an hour in Q3 2026")
    assert parsed.intent.metric == "ehr" and parsed.intent.grouping == "client"
    assert (parsed.intent.threshold.op, parsed.intent.threshold.value) == ("<", 85.0)


def test_contribution_is_gross_profit_and_pnl_is_flagged_gross_profit(parser: Parser) -> None:
    assert _intent(parser, "contribution per client in Q3 2026").intent.metric == "gross_profit"
    pnl = _intent(parser, "P&L per customer for Q3 2026")
    assert (pnl.intent.metric, pnl.intent.grouping) == ("gross_profit", "client") and pnl.confidence < 0.7
    assert any("P&L" in r for r in pnl.reasons)


def test_a_flag_of_the_reading_is_said_in_the_reply(demo_con, ask_config) -> None:
    answer = _ask(demo_con, ask_config, "what was our bottom line in Q3 2026")
    assert answer.provisional and "net profit" in answer.narrative


def test_chargeable_is_billable_and_ebr_is_the_effective_hourly_rate(parser: Parser) -> None:
    assert _intent(parser, "chargeable hours in Q3 2026").intent.metric == "billable_hours"
    assert _intent(parser, "our effective billable rate for Q3 2026").intent.metric == "ehr"


@pytest.mark.parametrize("word", ["donation", "condition", "location"])
def test_an_unknown_ordinary_word_is_never_offered_a_name(word: str) -> None:
    """An ordinary English word after "client" is refused as unknown, never answered with "Did you mean <a name>"."""
    from moat.ai.mentions import Vocabulary

    vocab = Vocabulary(clients=VOCAB.clients + ("Falcon Foundation", "Pioneer Foundation"), technicians=VOCAB.technicians,
                       products=VOCAB.products, segments=VOCAB.segments)
    refusal = Parser(vocab, default_period=DEFAULT).parse(f"revenue for client {word} in Q3 2026", AS_OF).refusal or ""
    assert f"I don't know {word}" in refusal and "Did you mean" not in refusal, refusal


def test_bills_before_a_ranking_is_the_verb_and_bottom_line_with_a_hyphen_is_no_ranking(parser: Parser) -> None:
    bills = _intent(parser, "which tech bills the least in Q3 2026")
    assert (bills.intent.grouping, bills.intent.order, bills.intent.limit) == ("technician", "asc", 1)
    hyphen = _intent(parser, "the bottom-line of Harbor Logistics in Q3 2026")
    assert (hyphen.intent.metric, hyphen.intent.order, hyphen.intent.limit) == ("gross_profit", None, None)


@pytest.mark.parametrize(("question", "period"), [
    ("revenue for the month of September 2026", SEP),
    ("gross margin percentage for calendar year 2025", (date(2025, 1, 1), date(2025, 12, 31))),
    ("please provide labour cost by client for Q3 2026", Q3),
])
def test_period_decorations_and_request_verbs_are_read(parser: Parser, question: str, period: tuple[date, date]) -> None:
    parsed = _intent(parser, question)
    assert (parsed.intent.start, parsed.intent.end) == period and not parsed.ignored, (parsed.intent, parsed.ignored)


# ------------------------------------------------------------------ D17 / D5: refusal wording
@pytest.mark.parametrize(("question", "topic"), [("how many endpoints do we manage", "nothing on endpoints."),
                                                 ("how much cash is in the bank", "nothing on cash in the bank."),
                                                 ("our SLA compliance in Q3 2026", "nothing on SLAs.")])
def test_a_figure_not_held_is_named_as_a_noun(parser: Parser, question: str, topic: str) -> None:
    refusal = parser.parse(question, AS_OF).refusal or ""
    assert topic in refusal and " data." not in refusal, refusal


def test_one_day_after_the_data_suggests_only_the_latest_month(parser: Parser) -> None:
    refusal = parser.parse("revenue today", date(2026, 11, 25))
    assert "latest month with data" in refusal.refusal and "October 2026" in refusal.refusal
    assert refusal.suggestions == ["What was our revenue in October 2026?"]


def test_spent_the_most_with_us_is_revenue(parser: Parser) -> None:
    parsed = _intent(parser, "which customer spent the most with us in Q3 2026")
    assert (parsed.intent.metric, parsed.intent.order, parsed.intent.limit) == ("revenue", "desc", 1)



def test_howd_we_do_is_answered_flagged_with_the_measures_that_fit(parser: Parser) -> None:
    parsed = _intent(parser, "how'd we do in September 2026")
    assert (parsed.intent.start, parsed.intent.end) == SEP and parsed.confidence < 0.7
    assert {"gross_profit", "revenue"} <= {a.metric for a in parsed.candidates} | {parsed.intent.metric}
