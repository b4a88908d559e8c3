"""Issue 15, general rules found on questions the parser was never tuned on. Each rule is checked with phrasings
written here (none of them is in the eval families); the parser runs on a small hand-made vocabulary."""

from __future__ import annotations

import pytest

from moat.ai.catalogue import METRICS, Threshold
from moat.ai.parser import Parser
from tests.ai.test_parser import AS_OF, DEFAULT, VOCAB


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(VOCAB, target_margin=0.30, utilization_low=0.70, utilization_high=0.80, default_period=DEFAULT)


# ------------------------------------------------------------------ rule 1: the unit asked is the unit answered
@pytest.mark.parametrize(("question", "metric"), [
    ("seats we bought that sat there with no one using them in September", "seats_unused"),
    ("Datto seats that went unused per client in Q3", "seats_unused"),
    ("seats no one used, by product, last quarter", "seats_unused"),
    ("what did the seats nobody used set us back in dollars last quarter", "license_waste"),
    ("how much money went on Defender seats last quarter", "license_cost"),
    ("seat spend per client last quarter", "license_cost"),
])
def test_seats_named_means_a_seat_count_unless_money_is_asked(parser: Parser, question: str, metric: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None and parsed.intent.metric == metric


@pytest.mark.parametrize("question", [
    "gross margin in hours for Harbor Logistics last quarter",
    "how many hours was our revenue last quarter as a share",
])
def test_no_metric_in_the_unit_is_never_a_confident_answer(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None or parsed.partial or parsed.confidence < 0.7


def test_how_many_technicians_is_a_count(parser: Parser) -> None:
    i = parser.parse("how many engineers put in more than 120 hours in October", AS_OF).intent
    assert i is not None and i.count and i.grouping == "technician" and i.metric == "hours"
    assert i.threshold == Threshold(">", 120.0)
