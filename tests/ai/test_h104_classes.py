"""Issue 15, h104: the classes behind heldout16's confidently wrong answers, each now exact or flagged. Every phrasing
here is written for this file (none is an eval family's or a held-out question).

a. "which of / among the <N> quarters": the quarters ranked, one given (``moat.ai.which_of_periods``);
b. a threshold written between "number of" and the things counted: a count; "below-200k" is under 200k
   (``moat.ai.count_past_threshold``, ``moat.ai.spoken_amounts``);
c. "company-wide" / "for the firm as a whole": one company figure; "at all" quantifies nothing
   (``moat.ai.whole_company``, ``moat.ai.whole_company_words``);
d. "<quantity> over <capacity>": a ratio, never "> 100%" (``moat.ai.quantity_over``);
e. "<money>, every tech" as a clause of its own: one total, flagged (``moat.ai.every_clause``);
f. a per-month breakdown over one month: that month's figure (``moat.ai.one_month_series``);
g. the running period in other words, a quarter "so far": that period to date (``moat.ai.period_in_progress``).
"""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai.mentions import Vocabulary
from moat.ai.parser import Parser
from tests.ai.class_parsing import AS_OF, REVIEW, make_parser
from tests.ai.class_parsing import read as _read

VOCAB = Vocabulary(clients=("Harbor Logistics", "Meridian Dental Group"), technicians=("Priya Shah", "Tom Becker"),
                   products=(("Huntress Managed EDR", "Huntress"),), segments=("healthcare", "legal"))


@pytest.fixture(scope="module")
def parser() -> Parser:
    return make_parser(VOCAB)


# a. which of the quarters ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "order", "start"), [
    ("among our last three quarters, which did best on gross margin", "desc", date(2026, 7, 1)),
    ("out of the previous 2 quarters which one had the fewest hours", "asc", date(2026, 10, 1)),
    ("which one of the past four quarters had the most other direct cost", "desc", date(2026, 4, 1)),
])
def test_which_of_the_quarters_ranks_the_quarters(parser: Parser, question: str, order: str, start: date) -> None:
    parsed = _read(parser, question)
    intent = parsed.intent
    assert (intent.grouping, intent.order, intent.limit) == ("quarter", order, 1)
    assert (intent.start, intent.end) == (start, date(2027, 3, 31))
    assert parsed.confidence >= REVIEW


def test_which_n_of_the_quarters_gives_n(parser: Parser) -> None:
    parsed = _read(parser, "which 2 of the previous three quarters had the highest labour cost")
    assert (parsed.intent.grouping, parsed.intent.order, parsed.intent.limit) == ("quarter", "desc", 2)


def test_which_client_of_the_quarters_stays_a_client(parser: Parser) -> None:
    parsed = _read(parser, "over the last 4 quarters, which client had the most revenue")
    assert parsed.intent.grouping == "client"


# b. a count past its threshold -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "grouping", "op", "value"), [
    ("# of sub-30% margin months in 2026", "month", "<", 0.30),
    ("number of above-250k revenue months over the past 12 months", "month", ">", 250_000),
    ("how many under-15% margin accounts were there in Q4 2026", "client", "<", 0.15),
])
def test_a_threshold_before_the_noun_is_counted(parser: Parser, question: str, grouping: str, op: str,
                                                value: float) -> None:
    intent = _read(parser, question).intent
    assert intent.count
    assert intent.grouping == grouping
    assert intent.threshold is not None and (intent.threshold.op, intent.threshold.value) == (op, pytest.approx(value))


def test_a_hyphened_comparison_is_no_minus_sign(parser: Parser) -> None:
    intent = _read(parser, "revenue months below-190k in 2026, how many").intent
    assert intent.threshold is not None and intent.threshold.value == pytest.approx(190_000)


# c. company-wide ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "company-wide engineer utilization for February 2027",
    "technician billable utilisation for the firm as a whole in Q4 2026",
    "what was engineer utilisation across the entire business last month",
])
def test_company_wide_is_one_figure(parser: Parser, question: str) -> None:
    parsed = _read(parser, question)
    assert (parsed.intent.metric, parsed.intent.grouping) == ("billable_utilization", "company")
    assert not parsed.ignored


def test_company_wide_ranking_still_ranks(parser: Parser) -> None:
    parsed = _read(parser, "company-wide, which technician had the highest utilisation last month")
    assert (parsed.intent.grouping, parsed.intent.limit) == ("technician", 1)


def test_at_all_quantifies_nothing(parser: Parser) -> None:
    parsed = _read(parser, "what proportion of capacity did the engineers log at all in February 2027")
    assert (parsed.intent.metric, parsed.intent.grouping) == ("total_utilization", "company")


# d. a quantity over a capacity -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "metric"), [
    ("Q4 2026 utilisation (time worked over capacity)", "total_utilization"),
    ("hours clocked over hours available, February 2027", "total_utilization"),
    ("billable time booked over their availability in Q4 2026", "billable_utilization"),
])
def test_a_quantity_over_capacity_is_a_ratio(parser: Parser, question: str, metric: str) -> None:
    parsed = _read(parser, question)
    assert (parsed.intent.metric, parsed.intent.grouping, parsed.intent.threshold) == (metric, "company", None)


def test_a_person_over_capacity_stays_a_threshold(parser: Parser) -> None:
    parsed = _read(parser, "which engineers worked over their capacity in February 2027")
    assert parsed.intent.threshold is not None and parsed.intent.threshold.op == ">"


# e. every tech as a clause ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "metric"), [
    ("labour cost in February 2027 - every engineer", "labour_cost"),
    ("Q4 2026 revenue, every account", "revenue"),
])
def test_every_kind_as_a_clause_is_one_total_flagged(parser: Parser, question: str, metric: str) -> None:
    parsed = _read(parser, question)
    assert (parsed.intent.metric, parsed.intent.grouping) == (metric, "company")
    assert parsed.confidence < REVIEW
    assert any("one row each" in reason for reason in parsed.reasons)


def test_labour_cost_per_every_tech_still_lists(parser: Parser) -> None:
    parsed = _read(parser, "labour cost for every technician in February 2027")
    assert parsed.intent.grouping == "technician"


# f. per month over one month -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "grouping"), [
    ("Meridian Dental Group: monthly gross profit, February 2027", "client"),
    ("hours by month for last month", "company"),
])
def test_per_month_over_one_month_is_the_figure(parser: Parser, question: str, grouping: str) -> None:
    intent = _read(parser, question).intent
    assert intent.grouping == grouping
    assert (intent.start, intent.end) in ((date(2027, 2, 1), date(2027, 2, 28)), (date(2027, 3, 1), date(2027, 3, 31)))


def test_per_month_over_a_quarter_stays_a_series(parser: Parser) -> None:
    assert _read(parser, "monthly gross profit for Q4 2026").intent.grouping == "month"


# g. the running period -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "start"), [
    ("hours logged in the month we're currently in", date(2027, 4, 1)),
    ("licence waste for the present quarter", date(2027, 4, 1)),
    ("gross margin for Q2 2027 so far", date(2027, 4, 1)),
    ("so far in H1, how much labour cost", date(2027, 1, 1)),
])
def test_the_running_period_is_read_to_date(parser: Parser, question: str, start: date) -> None:
    intent = _read(parser, question).intent
    assert (intent.start, intent.end) == (start, AS_OF)


def test_an_ended_quarter_so_far_is_the_whole_quarter(parser: Parser) -> None:
    parsed = _read(parser, "other costs for Q3 2026 so far")
    assert (parsed.intent.start, parsed.intent.end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert not parsed.ignored
