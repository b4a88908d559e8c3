"""Issue 15, h94: technicians' time against capacity and the billable part of it, taught as rules
(``moat.ai.tech_time``). Every phrasing here is written for this file (none is an eval family's or a held-out
question).

1. every hour logged set against capacity, said without "utilisation" (all hours, "everything", logged / worked /
   filled): total utilisation, for the company, one technician or ranked; "billable hours over capacity" written out
   is billable utilisation, never total utilisation over 100%;
2. the part of the hours logged that could be billed, or billable hours against a person's own hours: the billable
   share (billable hours / hours worked), never billable utilisation;
3. revenue per technician hour: the effective hourly rate, for the company, per client and per segment;
4. technician cost asked per client: labour cost over clients, not technicians;
5. more hours than capacity: total utilisation over 100%, listed or counted.
"""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai.catalogue import Threshold
from moat.ai.mentions import Vocabulary
from moat.ai.parser import Parser
from moat.metrics.periods import Period

AS_OF = date(2027, 4, 9)
DEFAULT = Period(date(2027, 1, 1), date(2027, 3, 31))
VOCAB = Vocabulary(clients=("Harbor Logistics", "Meridian Dental Group"),
                   technicians=("Priya Shah", "Tom Becker", "Mei Okafor"),
                   products=(("Huntress Managed EDR", "Huntress"),), segments=("healthcare", "legal"))


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(VOCAB, target_margin=0.30, utilization_low=0.70, utilization_high=0.80, default_period=DEFAULT,
                  data_span=Period(date(2026, 3, 1), date(2027, 3, 31)))


def _sure(parser: Parser, question: str):
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None, (question, parsed.refusal)
    assert parsed.confidence >= 0.7 and not parsed.ignored, (question, parsed.intent, parsed.reasons, parsed.ignored)
    return parsed.intent


@pytest.mark.parametrize(("question", "grouping", "order", "limit"), [
    ("what part of the team's capacity was logged in Q4 2026, all hours", "company", None, None),
    ("share of our available hours the engineers worked last quarter, everything counted", "company", None, None),
    ("how much of his capacity did Tom Becker fill in Q4 2026, every hour", "technician", None, None),
    ("Priya Shah all-hours utilisation in February 2027", "technician", None, None),
    ("the four techs with the smallest share of their available hours worked last quarter", "technician", "asc", 4),
])
def test_every_hour_against_capacity_is_total_utilisation(parser: Parser, question: str, grouping: str,
                                                          order: str | None, limit: int | None) -> None:
    intent = _sure(parser, question)
    assert intent.metric == "total_utilization"
    assert (intent.grouping, intent.order, intent.limit) == (grouping, order, limit)


@pytest.mark.parametrize("question", [
    "Mei Okafor in Q4 2026: billable hours over available hours",
    "billable hours against her capacity for Mei Okafor last quarter",
    "Mei Okafor last quarter, billable time / time available",
])
def test_billable_hours_over_capacity_is_billable_utilisation(parser: Parser, question: str) -> None:
    intent = _sure(parser, question)
    assert intent.metric == "billable_utilization" and intent.threshold is None
    assert dict(intent.filters) == {"technician": ("Mei Okafor",)}


@pytest.mark.parametrize(("question", "grouping"), [
    ("of every hour we worked in Q4 2026, what portion was billable", "company"),
    ("out of everything the engineers booked last quarter, what percent did we bill?", "company"),
    ("Priya Shah: billable hours as a percentage of her total hours, Q4 2026", "technician"),
    ("list the technicians by the share of their own hours they billed last quarter", "technician"),
])
def test_part_of_logged_hours_billed_is_billable_share(parser: Parser, question: str, grouping: str) -> None:
    intent = _sure(parser, question)
    assert intent.metric == "billable_share"
    assert intent.grouping == grouping


@pytest.mark.parametrize(("question", "grouping", "limit"), [
    ("what was revenue per tech hour in Q4 2026", "company", None),
    ("3 best clients on revenue per engineer hour last quarter", "client", 3),
    ("revenue per technician hour for each segment in Q4 2026", "segment", None),
])
def test_revenue_per_tech_hour_is_the_effective_rate(parser: Parser, question: str, grouping: str,
                                                      limit: int | None) -> None:
    intent = _sure(parser, question)
    assert intent.metric == "ehr"
    assert (intent.grouping, intent.limit) == (grouping, limit)


def test_revenue_per_technician_stays_refused(parser: Parser) -> None:
    """Without "hour", revenue per technician is a grouping the data does not hold: still refused."""
    assert parser.parse("revenue per technician last quarter", AS_OF).intent is None


@pytest.mark.parametrize("question", [
    "which 4 customers used up the most technician cost in Q4 2026",
    "technician cost per client last quarter, top 4",
])
def test_technician_cost_per_client_is_labour_cost_by_client(parser: Parser, question: str) -> None:
    intent = _sure(parser, question)
    assert (intent.metric, intent.grouping, intent.limit, intent.order) == ("labour_cost", "client", 4, "desc")


def test_technician_cost_alone_stays_per_technician(parser: Parser) -> None:
    intent = _sure(parser, "technician cost by technician last quarter")
    assert (intent.metric, intent.grouping) == ("labour_cost", "technician")


@pytest.mark.parametrize(("question", "count"), [
    ("which engineers clocked more hours than their capacity in Q4 2026", False),
    ("how many techs put in more time than their available hours last quarter", True),
])
def test_more_hours_than_capacity_is_over_full_utilisation(parser: Parser, question: str, count: bool) -> None:
    intent = _sure(parser, question)
    assert (intent.metric, intent.grouping, intent.count) == ("total_utilization", "technician", count)
    assert intent.threshold == Threshold(">", 1.0)


@pytest.mark.parametrize(("question", "value"), [
    ("over-utilised engineers last quarter (above 90% billable)", 0.90),
    ("which techs were under-used in Q4 2026, below 65 percent", 0.65),
])
def test_a_number_beside_under_or_over_used_is_the_threshold(parser: Parser, question: str, value: float) -> None:
    """6. The number said beside "under-used" is the threshold, never the configured band's edge (70% / 80%)."""
    intent = _sure(parser, question)
    assert (intent.metric, intent.grouping) == ("billable_utilization", "technician")
    assert intent.threshold is not None and intent.threshold.value == pytest.approx(value)


@pytest.mark.parametrize(("question", "op", "value"), [
    ("how many engineers were under the 65% billable band in Q4 2026", "<", 0.65),
    ("number of techs above the 85 percent utilisation line last quarter", ">", 0.85),
])
def test_a_band_said_with_its_number_is_a_threshold(parser: Parser, question: str, op: str, value: float) -> None:
    intent = _sure(parser, question)
    assert (intent.metric, intent.grouping, intent.count) == ("billable_utilization", "technician", True)
    assert intent.threshold == Threshold(op, pytest.approx(value))


def test_team_members_are_technicians(parser: Parser) -> None:
    intent = _sure(parser, "how many team members worked fewer than 100 hours in Q4 2026")
    assert (intent.metric, intent.grouping, intent.count) == ("hours", "technician", True)
    assert intent.threshold == Threshold("<", 100.0)


@pytest.mark.parametrize("question", [
    "which two of our engineers logged the most hours last quarter",
    "the 2 of our people with the most billable hours in Q4 2026",
])
def test_n_of_our_people_is_the_number_of_rows(parser: Parser, question: str) -> None:
    intent = _sure(parser, question)
    assert (intent.grouping, intent.limit, intent.order) == ("technician", 2, "desc")


@pytest.mark.parametrize("question", ["tom becker hours may", "priya billable utilisation may?"])
def test_may_as_the_last_word_is_the_month(parser: Parser, question: str) -> None:
    intent = _sure(parser, question)
    assert (intent.start, intent.end) == (date(2026, 5, 1), date(2026, 5, 31))


def test_utilisation_for_listed_months_is_each_month(parser: Parser) -> None:
    """7. A ratio of capacity asked for months named one by one: one row per month (flagged: the range may have been
    meant); an amount keeps its total (flagged as before)."""
    parsed = parser.parse("total utilisation for Tom Becker in October, November and December 2026", AS_OF)
    assert parsed.intent is not None and parsed.intent.grouping == "month"
    assert (parsed.intent.start, parsed.intent.end) == (date(2026, 10, 1), date(2026, 12, 31))
    summed = parser.parse("revenue for October, November and December 2026", AS_OF)
    assert summed.intent is not None and summed.intent.grouping == "company"


@pytest.mark.parametrize("question", ["clients with 90h or more last quarter", "which clients got 90 hrs+ in Q4 2026"])
def test_hours_written_with_their_letter_are_a_threshold_on_hours(parser: Parser, question: str) -> None:
    intent = _sure(parser, question)
    assert (intent.metric, intent.grouping) == ("hours", "client")
    assert intent.threshold == Threshold(">=", 90.0)


@pytest.mark.parametrize(("question", "unknown"), [("Anna Becker billable hours last quarter", "Anna"),
                                                   ("hours for Ruth Shah in Q4 2026", "Ruth")])
def test_unknown_first_name_before_a_known_surname_is_refused(parser: Parser, question: str, unknown: str) -> None:
    """8. "Anna Becker" when only Tom Becker is held: a technician the data lacks, refused by name (was Tom's figure,
    flagged)."""
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None and parsed.refusal is not None and unknown in parsed.refusal


def test_known_surname_alone_still_reads_the_technician(parser: Parser) -> None:
    intent = _sure(parser, "Tom Becker billable hours last quarter")
    assert dict(intent.filters) == {"technician": ("Tom Becker",)}


def test_capacity_named_beside_logging_without_a_part_stays_available_hours(parser: Parser) -> None:
    """Guard: capacity and a logging verb with no part, ratio or ranking against capacity are not a utilisation."""
    parsed = parser.parse("available hours by technician in Q4 2026 for the techs who logged time", AS_OF)
    assert parsed.intent is not None and parsed.intent.metric == "available_hours"


def test_which_technician_cost_us_the_most_stays_per_technician(parser: Parser) -> None:
    """Guard: "technician cost" as subject and verb, with a client word elsewhere, is no labour cost by client."""
    parsed = parser.parse("which technician cost us the most on client work last quarter", AS_OF)
    assert parsed.intent is None or parsed.intent.grouping != "client"
