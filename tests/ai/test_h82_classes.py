"""Issue 15, h82: three classes the parser answered confidently wrong, each taught as a general rule. Every phrasing
here is written for this file (none is an eval family's or a held-out question): the parser runs on the small
hand-made vocabulary of tests/ai with the cost categories of the demo (asked 2026-11-25: last quarter is Q3 2026, last
month October 2026)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from moat.ai.parser import Parser
from tests.ai.test_general_rules_pass2 import VOCAB2, _complete
from tests.ai.test_parser import AS_OF, DEFAULT

Q3 = (date(2026, 7, 1), date(2026, 9, 30))
OCT = (date(2026, 10, 1), date(2026, 10, 31))


@pytest.fixture(scope="module")
def parser() -> Parser:
    vocab = replace(VOCAB2, cost_categories=("hardware", "travel", "subcontractor"))
    return Parser(vocab, target_margin=0.30, utilization_low=0.70, utilization_high=0.80, default_period=DEFAULT)


def _span(intent) -> tuple[date, date]:
    return intent.start, intent.end


# ------------------------------------------------------------------ 1. the base of a seat share is the state named
@pytest.mark.parametrize(("question", "product"), [
    ("of the Microsoft 365 E3 licences assigned, what percent were in use in October", ("Microsoft 365 E3",)),
    ("how many assigned Datto SaaS Protection seats were really active last month, in percent",
     ("Datto SaaS Protection",)),
    ("assigned licences actually being used last month, as a percentage", None),
    ("assigned Microsoft 365 E3 seats in use in October as a percentage", ("Microsoft 365 E3",)),
    ("percent: assigned Defender for Business licenses that were being used last month", ("Defender for Business",)),
])
def test_assigned_seats_in_use_as_a_share_is_licence_activity(parser: Parser, question: str, product) -> None:
    i = _complete(parser, question)
    assert (i.metric, _span(i)) == ("license_activity", OCT), (question, i.metric)
    if product is not None:
        assert i.filter("product") == product, (question, i.filters)


def test_assigned_of_purchased_stays_licence_utilisation(parser: Parser) -> None:
    i = _complete(parser, "what percent of purchased seats were assigned last month")
    assert i.metric == "license_utilization"


# ------------------------------------------------------------------ 2. "costs like X" gives examples, not a filter
@pytest.mark.parametrize("question", [
    "top 3 clients by direct costs such as hardware and travel in Q3",
    "which clients had the highest other costs, e.g. travel, in Q3",
    "biggest 3 clients for direct expenses like equipment or mileage in Q3",
    "clients ranked by direct costs, for example hardware, Q3",
])
def test_costs_with_examples_are_every_category_of_other_direct_cost(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, _span(i), i.filter("category")) == ("other_cost", Q3, ()), (question, i.filters)


def test_a_cost_category_as_the_measure_still_filters(parser: Parser) -> None:
    i = _complete(parser, "top 3 clients by hardware costs in Q3")
    assert (i.metric, i.filter("category")) == ("other_cost", ("hardware",))


# ------------------------------------------------------------------ 3. "what made / caused X <state>" asks why
@pytest.mark.parametrize("question", [
    "what made Harbor Logistics unprofitable in Q3",
    "what has made Harbor Logistics lose money in Q3",
    "what turned Meridian Dental Group unprofitable last quarter",
    "what makes Harbor Logistics loss-making",
    "what pushed Harbor Logistics into the red in Q3",
])
def test_what_made_a_client_a_state_is_the_explanation(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.route == "explain", (question, parsed.intent, parsed.route)
