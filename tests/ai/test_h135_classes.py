"""Issue 15, h135: classes of a sealed set's (heldout21) failures, each now answered right, flagged, or refused. Every
phrasing here is written for this file (none is a held-out question or an eval family's).

T. "trailing twelve" / "trailing-twelve" / "trailing 12" with no unit is the trailing 12 months; "top-5" is "top 5"
   (``moat.ai.period_phrases``, ``moat.ai.owner_forms``): shares over that stretch are answered.
S. One period's share of a longer one with the part said first ("November as a % of H2 revenue") or the whole first with a
   bare verb ("percentage of H2 revenue billed in November") (``moat.ai.period_share``); a cost said as what it took
   out of revenue ("what share of revenue went on labour", "how much of every revenue dollar did labour eat") is that
   cost over revenue (``moat.ai.revenue_eaten``); "rev" is revenue.
D. A likelihood of leaving in a period still to come ("likely to churn next year") is a forecast: refused, naming the
   risk score (``moat.ai.risk_future``); with no period, or a past one, the risk score is still answered.
A. "every <kind> except X with its <figure>" lists each member with its own figure, unflagged (``listed_words.EACH_OWN``);
   with no possessive the h96 reading (one total over the rest) stands.
B. A breakdown ordered by "the largest <kind> at the top" lists every row in that order, never a top-5.
C. Two periods written as a sum ("Q3+Q4", "Oct plus Nov") are one total over both (``moat.ai.total_of_both``); a run of
   a year's quarters said by place ("the middle two quarters of 2026") is their span (``moat.ai.quarters_of_year``).
"""

from __future__ import annotations

from datetime import date

import pytest

from moat.metrics.periods import Period
from moat.metrics.profitability import profitability
from moat.metrics.summary import kpis
from tests.ai.asking import AskDemo, ask_as, confident

DEMO = AskDemo(seed=23, end=date(2027, 3, 31), as_of=date(2027, 4, 9))


# D. leaving in a period still to come ------------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "which accounts are likely to cancel with us in 2027",
    "clients probably going to churn next year",
    "who is likely to leave us by the end of the year",
    "which customers are expected to quit during the next quarter",
    "which accounts are at risk of leaving us in 2027",
])
def test_leaving_in_a_period_to_come_is_refused_naming_the_risk_score(con, cfg, question: str) -> None:
    answer = ask_as(con, cfg, question, DEMO.as_of)
    assert answer.refused, (question, answer.interpretation, answer.rows)
    assert "risk" in answer.narrative and "not a forecast" in answer.narrative, answer.narrative


@pytest.mark.parametrize("question", ["which clients are likely to leave", "which clients were at risk in 2026"])
def test_risk_without_a_period_to_come_is_still_answered(con, cfg, question: str) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert "risk" in answer.interpretation and answer.rows, answer.interpretation


# C. periods summed, quarters said by place -------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "metric", "start", "end"), [
    ("revenue for Q2+Q3 2026", "revenue", date(2026, 4, 1), date(2026, 9, 30)),
    ("total labour cost in q3 plus q4 of 2026", "labour_cost", date(2026, 7, 1), date(2026, 12, 31)),
    ("gross profit, Q3 '26 + Q4 '26", "gross_profit", date(2026, 7, 1), date(2026, 12, 31)),
    ("what did we bill across the middle two quarters of 2026", "revenue", date(2026, 4, 1), date(2026, 9, 30)),
    ("licence cost for the final two quarters of 2026", "license_cost", date(2026, 7, 1), date(2026, 12, 31)),
    ("revenue over the first three quarters of 2026", "revenue", date(2026, 1, 1), date(2026, 9, 30)),
])
def test_summed_periods_and_placed_quarters_are_one_total(con, cfg, question: str, metric: str, start: date,
                                                          end: date) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert len(answer.rows) == 1 and len(answer.rows[0]) == 1, (question, answer.interpretation, answer.rows)
    assert float(answer.rows[0][0]) == pytest.approx(float(kpis(con, Period(start, end))[metric]), abs=0.01)


def test_summed_periods_with_a_change_word_stay_compared(con, cfg) -> None:
    answer = ask_as(con, cfg, "revenue Q2 + Q3 2026 and the change", DEMO.as_of)
    assert not answer.refused and len(answer.rows[0]) == 3, (answer.interpretation, answer.rows)


# A. every member but one, each with its own figure -----------------------------------------------------------------
def _segment_revenue(con, period: Period) -> dict[str, float]:
    frame = profitability(con, period)
    out: dict[str, float] = {}
    for row in frame.iter_rows(named=True):
        out[row["segment"]] = out.get(row["segment"], 0.0) + float(row["revenue"] or 0)
    return out


@pytest.mark.parametrize("question", [
    "every segment except finance with its revenue in H2 2026",
    "all sectors other than finance, with their second-half 2026 revenue",
    "each segment but finance with its H2 2026 revenue",
])
def test_every_member_but_one_with_its_figure_is_listed(con, cfg, question: str) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    want = {k: v for k, v in _segment_revenue(con, Period(date(2026, 7, 1), date(2026, 12, 31))).items() if k != "finance"}
    got = {row[0]: float(row[1]) for row in answer.rows}
    assert got.keys() == want.keys(), (question, answer.rows)
    for name, value in want.items():
        assert got[name] == pytest.approx(value, abs=0.01), (question, name)


def test_every_member_but_one_without_a_possessive_stays_one_total(con, cfg) -> None:
    answer = ask_as(con, cfg, "revenue of every segment but finance in H2 2026", DEMO.as_of)
    want = sum(v for k, v in _segment_revenue(con, Period(date(2026, 7, 1), date(2026, 12, 31))).items() if k != "finance")
    assert len(answer.rows) == 1 and float(answer.rows[0][-1]) == pytest.approx(want, abs=0.01), answer.rows


# B. a breakdown with the largest at the top -------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "Q4 2026 revenue split by segment, the largest segment at the top",
    "gross profit broken down by segment for Q4 2026 with the biggest segment on top",
])
def test_breakdown_with_the_largest_at_the_top_lists_every_row(con, cfg, question: str) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    segments = _segment_revenue(con, Period(date(2026, 10, 1), date(2026, 12, 31)))
    assert len(answer.rows) == len(segments) > 5, (question, answer.interpretation, answer.rows)
    values = [float(row[1]) for row in answer.rows]
    assert values == sorted(values, reverse=True), answer.rows


# T. trailing twelve -------------------------------------------------------------------------------------------------
_TTM = Period(date(2026, 4, 1), date(2027, 3, 31))


@pytest.mark.parametrize("question", [
    "revenue over the trailing twelve",
    "trailing-twelve revenue",
    "what did we invoice in the trailing 12",
])
def test_trailing_twelve_without_a_unit_is_the_last_12_months(con, cfg, question: str) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert float(answer.rows[0][-1]) == pytest.approx(float(kpis(con, _TTM)["revenue"]), abs=0.01), answer.rows


def test_top_n_hyphenated_share_over_the_trailing_twelve(con, cfg) -> None:
    question = "top-3 revenue concentration over the trailing twelve, as a percent"
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    revenue = sorted((float(v or 0) for v in profitability(con, _TTM)["revenue"]), reverse=True)
    assert float(answer.rows[0][0]) == pytest.approx(sum(revenue[:3]) / sum(revenue), abs=1e-6), answer.rows


def test_segment_share_of_trailing_twelve(con, cfg) -> None:
    question = "what fraction of trailing-twelve revenue is retail"
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    segments = _segment_revenue(con, _TTM)
    assert float(answer.rows[0][0]) == pytest.approx(segments["retail"] / sum(segments.values()), abs=1e-6)


# S. shares said otherwise -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "October as a % of second-half 2026 revenue",
    "Oct 26 revenue share of the back half of 2026",
    "percentage of H2 2026 revenue billed in October 2026",
])
def test_a_month_share_of_a_half_said_otherwise(con, cfg, question: str) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    part = float(kpis(con, Period(date(2026, 10, 1), date(2026, 10, 31)))["revenue"])
    whole = float(kpis(con, Period(date(2026, 7, 1), date(2026, 12, 31)))["revenue"])
    assert float(answer.rows[0][0]) == pytest.approx(part / whole, abs=1e-6), (question, answer.rows)


@pytest.mark.parametrize(("question", "metric"), [
    ("what share of Q4 2026 revenue went on labour", "labour_cost"),
    ("how much of every revenue dollar did labor eat in Q4 2026", "labour_cost"),
    ("what fraction of Q4 2026 sales was spent on licences", "license_cost"),
    ("staff cost as a percentage of rev in Q4 2026", "labour_cost"),
])
def test_a_cost_said_as_what_it_took_out_of_revenue(con, cfg, question: str, metric: str) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    figures = kpis(con, Period(date(2026, 10, 1), date(2026, 12, 31)))
    want = float(figures[metric]) / float(figures["revenue"])
    assert float(answer.rows[0][0]) == pytest.approx(want, abs=1e-6), (question, answer.rows)


def test_revenue_that_came_from_a_segment_stays_the_segment_share(con, cfg) -> None:
    answer = ask_as(con, cfg, "what share of Q4 2026 revenue came from retail", DEMO.as_of)
    segments = _segment_revenue(con, Period(date(2026, 10, 1), date(2026, 12, 31)))
    assert float(answer.rows[0][0]) == pytest.approx(segments["retail"] / sum(segments.values()), abs=1e-6)


@pytest.mark.parametrize("question", [
    "what proportion of hours worked in 2026 fell in Q4 2026",
    "what percentage of hours logged in 2026 were logged in the fourth quarter",
    "share of hours worked in 2026 logged in Q4 2026",
])
def test_a_participle_inside_the_whole_keeps_the_whole(con, cfg, question: str) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    part = float(kpis(con, Period(date(2026, 10, 1), date(2026, 12, 31)))["hours"])
    whole = float(kpis(con, Period(date(2026, 1, 1), date(2026, 12, 31)))["hours"])
    assert float(answer.rows[0][0]) == pytest.approx(part / whole, abs=1e-6), (question, answer.rows)
