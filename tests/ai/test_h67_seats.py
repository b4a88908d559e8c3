"""Issue 15, h67: the held-out classes of licences and seats, each taught as a general rule (``moat.ai.seat_words``,
``moat.ai.product_forms``, ``moat.ai.across_filter``). Every phrasing here is written for this file (none is a held-out
set's or an eval family's). Parse-level checks run on a vocabulary with the demo's eight products; number checks run
the engine on the development demo (data to 2026-10-31, asked 2026-11-25) and compare with the plain question that
names the same figure."""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai.mentions import Vocabulary
from moat.ai.parser import Parser
from moat.ai.product_forms import written_out
from moat.metrics.periods import Period
from tests.ai.test_general_rules_pass3 import _ask

AS_OF = date(2026, 11, 25)
DEFAULT = Period(date(2026, 8, 1), date(2026, 10, 31))
PRODUCTS = (("Datto SaaS Protection", "Datto"), ("Defender for Business", "Microsoft"),
            ("Exchange Online Plan 1", "Microsoft"), ("Huntress Managed EDR", "Huntress"),
            ("Microsoft 365 Business Basic", "Microsoft"), ("Microsoft 365 Business Premium", "Microsoft"),
            ("Microsoft 365 E3", "Microsoft"), ("SentinelOne Complete", "SentinelOne"))
VOCAB = Vocabulary(clients=("Meridian Dental Group", "Harbor Logistics", "Summit Capital", "Acme Engineering"),
                   technicians=("Priya Shah", "Tom Becker"), products=PRODUCTS,
                   segments=("healthcare", "legal", "manufacturing"))
MICROSOFT = {p for p, v in PRODUCTS if v == "Microsoft"}
Q3 = (date(2026, 7, 1), date(2026, 9, 30))
SEP = (date(2026, 9, 1), date(2026, 9, 30))


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(VOCAB, target_margin=0.30, utilization_low=0.70, utilization_high=0.80, default_period=DEFAULT,
                  data_span=Period(date(2025, 11, 1), date(2026, 10, 31)))


def _parsed(parser: Parser, question: str):
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None, (question, parsed.refusal)
    return parsed


def _filter(intent, kind: str) -> set[str]:
    return set(intent.filter(kind) or ())


# ------------------------------------------------------------------ 1. unused seats in money: licence waste
@pytest.mark.parametrize(("question", "product"), [
    ("what did the idle Microsoft 365 E3 seats cost us in Q3 2026", "Microsoft 365 E3"),
    ("Q3 2026: spend on unused Huntress Managed EDR licences", "Huntress Managed EDR"),
    ("how much money did spare Defender for Business seats burn in Q3 2026", "Defender for Business"),
    ("cost of wasted Datto SaaS Protection seats for Q3 2026", "Datto SaaS Protection"),
    ("dollars on unused SentinelOne Complete seats, Q3 2026", "SentinelOne Complete"),
])
def test_the_cost_of_unused_product_seats_is_that_products_waste(parser: Parser, question: str, product: str) -> None:
    parsed = _parsed(parser, question)
    assert parsed.intent.metric == "license_waste", (question, parsed.intent)
    assert _filter(parsed.intent, "product") == {product}
    assert (parsed.intent.start, parsed.intent.end) == Q3 and parsed.confidence >= 0.7, parsed.reasons


@pytest.mark.parametrize("question", [
    "which four clients waste the most on idle licences in Q3 2026",
    "top 4 accounts by money wasted on unused seats, Q3 2026",
    "the four biggest wasters on spare seats in Q3 2026",
])
def test_waste_on_unused_seats_is_money(parser: Parser, question: str) -> None:
    parsed = _parsed(parser, question)
    assert parsed.intent.metric == "license_waste" and parsed.intent.limit == 4, (question, parsed.intent)
    assert parsed.intent.grouping == "client" and parsed.intent.order == "desc"


def test_a_vendors_licensing_gone_unused_per_client_is_its_waste(parser: Parser) -> None:
    parsed = _parsed(parser, "per client, how much Microsoft licensing sat idle in Q3 2026, highest first")
    assert parsed.intent.metric == "license_waste" and parsed.intent.grouping == "client"
    assert _filter(parsed.intent, "product") == MICROSOFT


# ------------------------------------------------------------------ 2. unused seats counted
@pytest.mark.parametrize("question", [
    "how many E3 seats is Harbor Logistics paying for but not using, September 2026",
    "count the idle E3 licenses Harbor Logistics had in September 2026",
])
def test_seats_paid_for_and_not_used_are_the_unused_count(parser: Parser, question: str) -> None:
    parsed = _parsed(parser, question)
    assert parsed.intent.metric == "seats_unused", (question, parsed.intent)
    assert _filter(parsed.intent, "client") == {"Harbor Logistics"}
    assert _filter(parsed.intent, "product") == {"Microsoft 365 E3"}


@pytest.mark.parametrize("question", ["spare Microsoft 365 E3 licences at Harbor Logistics in September 2026",
                                      "Harbor Logistics - E3 licences bought that nobody used, September 2026"])
def test_unused_licences_with_no_unit_are_flagged_with_both_readings(parser: Parser, question: str) -> None:
    """Lead, after the merge: neither a count word nor a money word: counted, flagged, their cost offered."""
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None and parsed.intent.metric == "seats_unused", parsed.refusal
    assert parsed.confidence < 0.7 and "license_waste" in {c.metric for c in parsed.candidates}, parsed.reasons


# ------------------------------------------------------------------ 3. seat states beside product short forms
@pytest.mark.parametrize(("text", "raw", "out"), [
    ("exo p2 seats", "EXO P2 seats", "exchange online plan 2 seats"),
    ("exchange online p1 active seats", "", "exchange online plan 1 active seats"),
    ("assigned exchange plan 1 seats", "", "assigned exchange online plan 1 seats"),
    ("exo plan 1 seats", "exo plan 1 seats", "exchange online plan 1 seats"),
    ("the exo seats", "the exo seats", "the exo seats"),  # lower case, nothing of the name after it: left alone
    ("p1 of the plan", "", "p1 of the plan"),
])
def test_product_short_forms_are_written_out(text: str, raw: str, out: str) -> None:
    assert written_out(text, raw, [p for p, _ in PRODUCTS])[0] == out


@pytest.mark.parametrize(("question", "metric", "product"), [
    ("EXO P1 seats active, September 2026", "seats_active", "Exchange Online Plan 1"),
    ("assigned Exchange Plan 1 seats in September 2026", "seats_assigned", "Exchange Online Plan 1"),
    ("Huntress licence count (active), September 2026", "seats_active", "Huntress Managed EDR"),
    ("sentinel one seat count, September 2026 - assigned", "seats_assigned", "SentinelOne Complete"),
    ("purchased Datto licence count for September 2026", "seats_purchased", "Datto SaaS Protection"),
])
def test_a_seat_state_set_apart_is_that_states_count(parser: Parser, question: str, metric: str, product: str) -> None:
    parsed = _parsed(parser, question)
    assert parsed.intent.metric == metric and _filter(parsed.intent, "product") == {product}, (question, parsed.intent)
    assert (parsed.intent.start, parsed.intent.end) == SEP, parsed.reasons


def test_a_plan_the_data_lacks_written_short_is_refused_by_name(parser: Parser) -> None:
    parsed = parser.parse("exchange plan 2 seats assigned in September 2026", AS_OF)
    assert parsed.intent is None and "exchange online plan 2" in parsed.refusal


# ------------------------------------------------------------------ 5. ratios of seat states, a vendor's share
@pytest.mark.parametrize(("question", "metric"), [
    ("Huntress active-to-assigned ratio, September 2026", "license_activity"),
    ("active/assigned ratio of Huntress seats in September 2026", "license_activity"),
    ("Huntress assigned to purchased rate for September 2026", "license_utilization"),
    ("Huntress seats assigned versus purchased, September 2026", "license_utilization"),
])
def test_two_seat_states_as_a_ratio(parser: Parser, question: str, metric: str) -> None:
    parsed = _parsed(parser, question)
    assert parsed.intent.metric == metric and _filter(parsed.intent, "product") == {"Huntress Managed EDR"}, parsed.intent


@pytest.mark.parametrize("question", ["Defender for Business seats assigned vs purchased per client, September 2026",
                                      "Defender seats assigned vs. purchased by client for September 2026",
                                      "Defender for Business assigned vs purchased seats for each client, September 2026"])
def test_seat_states_compared_per_client_is_the_ratio_per_client(parser: Parser, question: str) -> None:
    parsed = _parsed(parser, question)
    assert parsed.intent.metric == "license_utilization" and parsed.intent.grouping == "client", parsed.intent
    assert _filter(parsed.intent, "product") == {"Defender for Business"}


def test_a_ratio_of_states_the_glossary_lacks_is_refused_naming_its_two(parser: Parser) -> None:
    parsed = parser.parse("purchased-to-active ratio for Huntress in September 2026", AS_OF)
    assert parsed.intent is None and "licence utilisation" in parsed.refusal and "licence activity" in parsed.refusal


@pytest.mark.parametrize("question", ["Datto licences as a share of all licence cost in Q3 2026",
                                      "Datto licensing as a proportion of total licence spend, Q3 2026"])
def test_a_vendors_licences_over_all_licence_cost_is_a_share(parser: Parser, question: str) -> None:
    parsed = _parsed(parser, question)
    assert parsed.intent.share and parsed.intent.metric == "license_cost", parsed.intent
    assert _filter(parsed.intent, "product") == {"Datto SaaS Protection"}


# ------------------------------------------------------------------ 6. segment x product x waste, one amount
@pytest.mark.parametrize("question", [
    "how much idle SentinelOne did our legal clients cost us in Q3 2026",
    "unused SentinelOne Complete seat cost across legal clients, Q3 2026",
])
def test_a_products_waste_over_a_segment_is_one_amount(parser: Parser, question: str) -> None:
    parsed = _parsed(parser, question)
    assert parsed.intent.metric == "license_waste" and parsed.intent.grouping in ("company", "segment"), parsed.intent
    assert parsed.confidence >= 0.7 and not parsed.candidates, parsed.reasons  # the segment's one amount, not its clients
    assert _filter(parsed.intent, "product") == {"SentinelOne Complete"} and _filter(parsed.intent, "segment") == {"legal"}


# ------------------------------------------------------------------ 4. a seat count over a span: flagged, both offered
def test_a_seat_count_over_a_quarter_is_flagged_and_offers_the_seat_months(parser: Parser) -> None:
    parsed = _parsed(parser, "rank the products by idle seat count for Q3 2026")
    assert parsed.intent.metric == "seats_unused" and parsed.confidence < 0.7
    spans = {(c.start, c.end) for c in parsed.candidates}
    assert {SEP, Q3} <= spans, parsed.candidates


# ------------------------------------------------------------------ the numbers: the same figure as the plain question
@pytest.mark.parametrize(("question", "plain"), [
    ("what did unused Microsoft 365 Business Premium seats cost us in Q3 2026",
     "licence waste for Microsoft 365 Business Premium in Q3 2026"),
    ("how many Business Premium seats is Harbor Logistics paying for but not using in September 2026",
     "unused seats for Harbor Logistics, Microsoft 365 Business Premium, September 2026"),
    ("Exchange Online P1 seats assigned, September 2026", "assigned Exchange Online Plan 1 seats in September 2026"),
])
def test_the_numbers_are_the_plain_questions(demo_con, ask_config, question: str, plain: str) -> None:
    asked, named = _ask(demo_con, ask_config, question), _ask(demo_con, ask_config, plain)
    assert not asked.refused and asked.slots["metric"] == named.slots["metric"], (asked.interpretation, named.interpretation)
    assert asked.rows == named.rows and asked.rows


# ------------------------------------------------------------------ guards: what the seat rules must leave alone
@pytest.mark.parametrize(("question", "metric"), [
    ("what did we pay for licences in September 2026", "license_cost"),  # a pay verb is money unless counted
    ("how many licences do we pay for, September 2026", "seats_purchased"),
    ("Huntress Managed EDR - purchased seats no one is using, September 2026", "seats_unused"),
    ("what did we pay for Huntress seats nobody used in September 2026", "license_waste"),
    ("how many seats did we buy beyond the active ones in September 2026", "seats_unused"),
    ("Microsoft 365 licence cost in September 2026", "license_cost"),  # "365" is never read as a plan code
])
def test_the_seat_rules_leave_other_readings_alone(parser: Parser, question: str, metric: str) -> None:
    parsed = _parsed(parser, question)
    assert parsed.intent.metric == metric, (question, parsed.intent)
