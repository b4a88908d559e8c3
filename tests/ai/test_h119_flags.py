"""Issue 15, h119: the last confidently wrong readings of the outside hunt (h114), now flagged (provisional, the other
reading offered), refused naming what can be asked, or answered right. Every phrasing here is written for this file
(none is a held-out question or an eval family's).
"""

from __future__ import annotations

import pytest

from moat.ai.parser import Parser
from tests.ai.class_parsing import AS_OF, REVIEW, make_parser
from tests.ai.class_parsing import read as _read
from tests.ai.test_h110_assumptions import VOCAB


@pytest.fixture(scope="module")
def parser() -> Parser:
    return make_parser(VOCAB)


# ---------------------------------------------------------------- 1. "all / each / every" with no noun, one figure
@pytest.mark.parametrize("question", [
    "list all by gross profit for Q1 2027",
    "gross profit for each, February 2027",
    "gross margin for every, Q1 2027",
])
def test_a_bare_all_or_each_answered_as_one_figure_is_flagged_with_the_rows_offered(parser: Parser, question: str) -> None:
    parsed = _read(parser, question)
    assert parsed.confidence < REVIEW, (question, parsed.confidence, parsed.intent.interpretation())
    assert parsed.intent.grouping == "company"
    assert any(c.grouping == "client" for c in parsed.candidates[1:]), parsed.candidates


def test_a_total_word_keeps_the_one_figure_confident(parser: Parser) -> None:
    parsed = _read(parser, "total revenue for all of February 2027")
    assert parsed.intent.grouping == "company" and not [a for a in parsed.assumptions if a.risky]


@pytest.mark.parametrize("question", ["all accounts: gross profit in February 2027",
                                      "every customer: what we invoiced in Q1 2027"])
def test_a_leading_all_clients_label_lists_the_clients(parser: Parser, question: str) -> None:
    parsed = _read(parser, question)
    assert parsed.intent.grouping == "client", (question, parsed.intent.interpretation())


# ---------------------------------------------------------------- 2. what clients pay us for a product: not our cost
@pytest.mark.parametrize("question", [
    "how much do accounts pay us for Datto SaaS Protection",
    "what did we invoice for Huntress seats in February 2027",
    "how much do we charge our clients for Exchange Online Plan 1",
])
def test_what_clients_pay_for_a_product_is_refused_as_revenue_per_product(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None, (question, parsed.intent.interpretation())
    assert "revenue is not recorded per product" in (parsed.refusal or "")


@pytest.mark.parametrize("question", ["what do we pay for Huntress in February 2027",
                                      "what does Microsoft charge us for E3 in Q1 2027"])
def test_what_we_pay_for_a_product_stays_licence_cost(parser: Parser, question: str) -> None:
    parsed = _read(parser, question)
    assert parsed.intent.metric == "license_cost" and parsed.confidence >= REVIEW


# ---------------------------------------------------------------- 3. a ranking "in each of" two periods: not summed
@pytest.mark.parametrize("question", [
    "the 4 busiest engineers by hours, in each of the past two months",
    "worst 2 accounts by gross profit for each of the previous 2 quarters",
    "unused licence spend per product in each of the last 3 months",
])
def test_a_ranking_in_each_of_several_periods_is_flagged_as_summed(parser: Parser, question: str) -> None:
    parsed = _read(parser, question)
    risky = [a for a in parsed.assumptions if a.risky and a.slot == "period"]
    assert parsed.confidence < REVIEW and risky, (question, parsed.confidence, parsed.assumptions)
    assert "one period at a time" in risky[0].why


# ---------------------------------------------------------------- 4. a loss filter ordered by the size of the loss
@pytest.mark.parametrize(("question", "order"), [
    ("which accounts were loss-making in Q1 2027, least loss at the top", "desc"),
    ("clients in the red in Q1 2027, mildest loss first", "desc"),
    ("clients with negative gross profit in Q1 2027, deepest loss first", "asc"),
])
def test_a_loss_ordered_by_its_size_sorts_by_the_loss(parser: Parser, question: str, order: str) -> None:
    parsed = _read(parser, question)
    intent = parsed.intent
    assert intent.metric == "gross_profit" and intent.threshold is not None and intent.threshold.value <= 0
    assert (intent.shown or intent.order) == order, (question, intent.interpretation())


# ---------------------------------------------------------------- 5. a money measure asked, the rows chosen by hours
@pytest.mark.parametrize("question", [
    "billings of accounts that had over 40 hours in February 2027",
    "revenue for clients logging more than 250 hrs in Q1 2027",
])
def test_money_asked_with_an_hours_condition_is_flagged_not_silently_dropped(parser: Parser, question: str) -> None:
    parsed = _read(parser, question)
    if parsed.intent.metric != "revenue" and parsed.intent.where_metric != "revenue":
        assert parsed.confidence < REVIEW, (question, parsed.confidence, parsed.intent.interpretation())
        assert any("revenue was asked" in why for why in parsed.reasons), parsed.reasons
