"""Issue 15, h122: answerable questions Ask refused (the outside hunter h114's "Wrongly refused"), now answered, each
flagged where the reading supplied what the question did not say. Every phrasing here is written for this file (none is
an eval family's or the hunter's question).

1. a direction with no measure named (``moat.ai.implied_comparison``): growth is revenue, "busier" / "working more" is
   hours worked, "losing more on X" is X's gross profit down, "how did <period> compare" is revenue; each the period
   against the one before it (h117's direction), flagged (the measure was supplied).
2. one money figure as a share of another ("labour cost as a % of revenue"): the figure over the other for the same
   rows and period, both amounts shown (``moat.ai.money_ratio``, ``Intent.of_metric``); a ranking of such ratios is
   refused naming what to ask. One period's share of a longer one ("what share of Q1 revenue came in March") is the
   figure in the part over the figure in the whole (``moat.ai.period_share``, ``Intent.of_period``).
3. a loss over an amount is gross profit under minus it; over a percent, a gross margin under minus it, flagged
   (``moat.ai.implied_threshold``); "was <month> our best month" is the top month by revenue, flagged.
4. a rate per hour written with a slash ("$80/hr") is the effective hourly rate's threshold.
5. a named month's MTD is that month (the whole month once it has ended; ``moat.ai.month_to_date``).
6. a target with no measure ("did we hit 600k") is revenue (as h86 reads "did we clear 200k"); "which 2 clients were over 30k" is revenue, the
   top 2 of those passing, flagged.
"""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai.mentions import Vocabulary
from moat.ai.parser import Parser
from moat.metrics.periods import Period
from tests.ai.asking import AskDemo, ask_as, confident, flagged_or_refused
from tests.ai.class_parsing import REVIEW, make_parser, read

DEMO = AskDemo(seed=23, end=date(2027, 3, 31), as_of=date(2027, 4, 9))
VOCAB = Vocabulary(clients=("Ironclad Architects", "Zenith Logistics", "Pioneer Realty"),
                   technicians=("Ivan Dubois", "Keiko Moreau"),
                   products=(("Huntress Managed EDR", "Huntress"),),
                   segments=("finance", "healthcare", "legal", "retail"))
Q4_26, Q1_27 = Period(date(2026, 10, 1), date(2026, 12, 31)), Period(date(2027, 1, 1), date(2027, 3, 31))
FEB_27, MAR_27 = Period(date(2027, 2, 1), date(2027, 2, 28)), Period(date(2027, 3, 1), date(2027, 3, 31))


@pytest.fixture(scope="module")
def parser() -> Parser:
    return make_parser(VOCAB)


# 1. a direction with no measure named ---------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "metric", "before", "after", "grouping", "filters"), [
    ("have we grown at all", "revenue", Q4_26, Q1_27, "company", ()),
    ("did Pioneer Realty expand in Q1 2027", "revenue", Q4_26, Q1_27, "client", (("client", ("Pioneer Realty",)),)),
    ("which customers shrank in q1 2027", "revenue", Q4_26, Q1_27, "client", ()),
    ("was Keiko Moreau busier than last month?", "hours", FEB_27, MAR_27, "technician",
     (("technician", ("Keiko Moreau",)),)),
    ("were the techs working more than in Q4 2026", "hours", Q4_26, Q1_27, "company", ()),
    ("which engineers were quieter than last month", "hours", FEB_27, MAR_27, "technician", ()),
    ("are we losing more on Zenith Logistics than the previous quarter", "gross_profit", Q4_26, Q1_27, "client",
     (("client", ("Zenith Logistics",)),)),
    ("how did the last quarter compare", "revenue", Q4_26, Q1_27, "company", ()),
])
def test_a_direction_without_a_measure_takes_the_likely_one_flagged(parser: Parser, question: str, metric: str,
                                                                    before: Period, after: Period, grouping: str,
                                                                    filters: tuple) -> None:
    parsed = read(parser, question)
    intent = parsed.intent
    got = (intent.metric, Period(intent.compare_start, intent.compare_end), intent.period, intent.filters)
    assert got == (metric, before, after, filters), (question, intent)
    assert intent.grouping == grouping or intent.shape == "single", (question, intent)
    assert parsed.confidence < REVIEW, (question, parsed.confidence)  # the measure was supplied: flagged
    assert any("read as" in reason for reason in parsed.reasons), parsed.reasons


@pytest.mark.parametrize("question", [
    "is Ivan Dubois busier than Keiko Moreau",  # two people compared: not a period
    "did revenue grow in Q1 2027",  # the measure is named: the parser's own reading, not flagged for it
])
def test_no_measure_supplied_where_not_asked(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, date(2027, 4, 9))
    assert not any("no measure named" in reason for reason in parsed.reasons), (question, parsed.reasons)


def test_implied_direction_numbers(con, cfg) -> None:
    """Numbers: "did Pioneer Realty grow in Q1 2027" is the named question "was Pioneer Realty's revenue up in Q1
    2027", flagged; "was Keiko Moreau busier than last month" is her February and March hours."""
    grew = flagged_or_refused(ask_as(con, cfg, "did Pioneer Realty grow in Q1 2027", DEMO.as_of), "grew")
    named = confident(ask_as(con, cfg, "was Pioneer Realty's revenue up in Q1 2027", DEMO.as_of), "named")
    assert not grew.refused and grew.rows == named.rows and len(named.rows[0]) >= 3
    busier = flagged_or_refused(ask_as(con, cfg, "was Keiko Moreau busier than last month", DEMO.as_of), "busier")
    feb = confident(ask_as(con, cfg, "Keiko Moreau's hours in February 2027", DEMO.as_of), "feb").rows[0][-1]
    mar = confident(ask_as(con, cfg, "Keiko Moreau's hours in March 2027", DEMO.as_of), "mar").rows[0][-1]
    a, b, change = (round(float(v), 2) for v in busier.rows[0][-3:])
    assert not busier.refused and (a, b, change) == (float(feb), float(mar), round(float(mar) - float(feb), 2))


# 3-6. thresholds, targets, best month and MTD with the measure implied ----------------------------------------------
@pytest.mark.parametrize(("question", "metric", "op", "value", "flagged"), [
    ("which customers lost over 7k in Q1 2027", "gross_profit", "<", -7000, False),
    ("accounts that were losing more than $2,500 last quarter", "gross_profit", "<", -2500, False),
    ("clients losing more than 3% in q1 2027", "gross_margin", "<", -0.03, True),
    ("customers paying under $85/hr in Q1 2027", "ehr", "<", 85, False),
    ("which 2 clients were over 30k last quarter", "revenue", ">", 30000, True),
])
def test_an_implied_threshold_is_read(parser: Parser, question: str, metric: str, op: str, value: float,
                                      flagged: bool) -> None:
    parsed = read(parser, question)
    intent = parsed.intent
    assert (intent.metric, intent.threshold.op, round(intent.threshold.value, 6)) == (metric, op, value), (question, intent)
    assert intent.period == Q1_27 and not parsed.ignored, (question, intent, parsed.ignored)
    assert (parsed.confidence < REVIEW) == flagged, (question, parsed.confidence, parsed.reasons)


def test_a_target_without_a_measure_is_revenue(parser: Parser) -> None:
    parsed = read(parser, "did the company reach 550k in Q1 2027")
    intent = parsed.intent
    assert (intent.metric, intent.grouping, intent.threshold.op, intent.threshold.value) == (
        "revenue", "company", ">=", 550000), intent
    assert intent.period == Q1_27 and any("read as revenue" in reason for reason in parsed.reasons), parsed.reasons


def test_best_month_is_the_top_month_by_revenue_flagged(parser: Parser) -> None:
    parsed = read(parser, "was november 2026 the strongest month we have had")
    intent = parsed.intent
    assert (intent.metric, intent.grouping, intent.order, intent.limit) == ("revenue", "month", "desc", 1), intent
    assert parsed.confidence < REVIEW, parsed.confidence


@pytest.mark.parametrize("question", ["Feb 2027 MTD gross profit", "gross profit month to date for february 2027"])
def test_a_named_months_mtd_is_that_month(parser: Parser, question: str) -> None:
    intent = read(parser, question).intent
    assert (intent.metric, intent.period) == ("gross_profit", FEB_27), (question, intent)


def test_implied_threshold_numbers(con, cfg) -> None:
    """Numbers: the loss and the MTD read as their named forms answer the same rows."""
    lost = ask_as(con, cfg, "which clients lost more than 3k in Q1 2027", DEMO.as_of)
    named = confident(ask_as(con, cfg, "clients with gross profit below -3000 in Q1 2027", DEMO.as_of), "named")
    assert confident(lost, "lost").rows == named.rows and named.rows
    mtd = confident(ask_as(con, cfg, "February 2027 MTD revenue", DEMO.as_of), "mtd")
    feb = confident(ask_as(con, cfg, "revenue in February 2027", DEMO.as_of), "feb")
    assert mtd.rows == feb.rows


# 2. one money figure as a share of another ----------------------------------------------------------------------
@pytest.mark.parametrize(("question", "metric", "of_metric", "filters"), [
    ("licence spend as a percentage of revenue in Q1 2027", "license_cost", "revenue", ()),
    ("labor costs as a proportion of all our direct costs, Q1 2027", "labour_cost", "direct_cost", ()),
    ("Pioneer Realty's other direct costs as a share of its revenue in q1 2027", "other_cost", "revenue",
     (("client", ("Pioneer Realty",)),)),
])
def test_a_money_figure_over_another(parser: Parser, question: str, metric: str, of_metric: str, filters: tuple) -> None:
    parsed = read(parser, question)
    intent = parsed.intent
    assert (intent.metric, intent.of_metric, intent.filters, intent.period) == (metric, of_metric, filters, Q1_27), intent
    assert parsed.confidence >= REVIEW and not parsed.ignored, (parsed.confidence, parsed.ignored)


def test_a_ranking_of_money_ratios_is_refused(parser: Parser) -> None:
    parsed = parser.parse("labour cost per client as a percentage of revenue in Q1 2027", date(2027, 4, 9))
    assert parsed.intent is None and "one money figure as a share of another" in (parsed.refusal or ""), parsed


def test_money_ratio_numbers(con, cfg) -> None:
    """Numbers: the fraction is the two figures asked alone, divided; both are shown beside it."""
    ratio = confident(ask_as(con, cfg, "licence spend as a percentage of revenue in Q1 2027", DEMO.as_of), "ratio")
    licences = confident(ask_as(con, cfg, "licence cost in Q1 2027", DEMO.as_of), "licences").rows[0][-1]
    revenue = confident(ask_as(con, cfg, "revenue in Q1 2027", DEMO.as_of), "revenue").rows[0][-1]
    share, part, whole = ratio.rows[0][:3]
    assert (round(float(part), 2), round(float(whole), 2)) == (round(float(licences), 2), round(float(revenue), 2))
    assert abs(share - float(licences) / float(revenue)) < 1e-6 and 0 < share < 1
    assert "of revenue" in ratio.narrative, ratio.narrative


@pytest.mark.parametrize(("question", "metric", "part", "whole"), [
    ("what proportion of our Q1 2027 gross profit was made in march", "gross_profit", MAR_27, Q1_27),
    ("what percentage of hours in Q1 2027 were worked in February", "hours", FEB_27, Q1_27),
])
def test_a_periods_share_of_a_longer_one(parser: Parser, question: str, metric: str, part: Period,
                                         whole: Period) -> None:
    parsed = read(parser, question)
    intent = parsed.intent
    assert (intent.metric, intent.period, intent.of_period) == (metric, part, (whole.start, whole.end)), intent
    assert parsed.confidence >= REVIEW and not parsed.ignored, (parsed.confidence, parsed.ignored)


def test_period_share_numbers(con, cfg) -> None:
    """Numbers: February's revenue over Q1 2027's, each as asked alone."""
    share = confident(ask_as(con, cfg, "what percentage of Q1 2027 revenue came in Feb 2027", DEMO.as_of), "share")
    feb = confident(ask_as(con, cfg, "revenue in February 2027", DEMO.as_of), "feb").rows[0][-1]
    q1 = confident(ask_as(con, cfg, "revenue in Q1 2027", DEMO.as_of), "q1").rows[0][-1]
    assert abs(share.rows[0][0] - float(feb) / float(q1)) < 1e-6 and 0 < share.rows[0][0] < 1, share.rows


def test_a_part_that_names_rows_is_no_period_share(parser: Parser) -> None:
    """"came from Pioneer Realty in March": the client's share of the month (the share rules), never March over Q1."""
    intent = read(parser, "what share of revenue came from Pioneer Realty in march 2027").intent
    assert intent.of_period is None and intent.filters == (("client", ("Pioneer Realty",)),), intent


@pytest.mark.parametrize(("question", "metric", "order"), [
    ("was february 2027 our best month for billable hours", "billable_hours", "desc"),  # was: that month alone ranked
    ("was jan 2027 our worst month for labour cost", "labour_cost", "desc"),  # a cost's worst month is its highest
])
def test_best_month_for_a_named_measure_ranks_every_month(parser: Parser, question: str, metric: str,
                                                          order: str) -> None:
    parsed = read(parser, question)
    intent = parsed.intent
    assert (intent.metric, intent.grouping, intent.order, intent.limit) == (metric, "month", order, 1), intent
    assert intent.start < date(2027, 1, 1) and parsed.confidence < REVIEW, (intent, parsed.confidence)


def test_growing_something_is_no_revenue_direction(parser: Parser) -> None:
    parsed = parser.parse("are we growing the team this year", date(2027, 4, 9))
    assert not any("read as revenue" in reason for reason in parsed.reasons), parsed.reasons
