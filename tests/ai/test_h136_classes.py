"""Issue 15, h136: classes the sealed heldout21 set found refused or answered in the wrong shape, each now answered
right. Every phrasing here is written for this file (none is an eval family's or a held-out question); the expected
figures are hand SQL over the demo's rows, or the confident answer to the plain form of the same question.

A. a running total of one figure over a span of months with no month word ("a running sum of revenue from November
   to February") is the monthly running series (``moat.ai.running_total``); an aside between "since <month>" and
   "through <month>" no longer splits the span (``moat.ai.period_phrases``; refused as two periods compared).
B. a yes / no direction question beside a clause asking for a measure month by month ("is revenue climbing? revenue
   for each month, last 6 months") shows the months (``moat.ai.direction_then_months``; refused before).
C. one month beside two compared years ("billable hours, March, 2026 vs 2027") is that month of each year
   (``moat.ai.month_each_year``; a month against a whole year, or two whole years, before).
D. "since New Year's Day <year>" / "since the new year" run from 1 January (``moat.ai.period_phrases``,
   ``moat.ai.calendar_days``; refused as an unknown name, or the default 3 months).
E. "<kind> count" ("Harbor Logistics product count") is the number of that kind (``moat.ai.plain_forms``; refused,
   or the client count of the named client, 1, with confidence).
F. a condition "in all three of <months>" holds in each month on its own (``moat.ai.each_period``; one count over the
   merged months, flagged), and no "their total shown" doubt is left on a condition checked in each listed month.
G. "top N ..., smallest of the N first": the top N sorted the other way (``lexicon.FIRST_ORDER``; the bottom N before).
H. technicians "billing" a share of their available hours is billable utilisation (``moat.ai.numbers``; total before).
"""

from __future__ import annotations

from datetime import date
from itertools import accumulate

import pytest

from tests.ai.asking import AskDemo, ask_as, confident

DEMO = AskDemo(seed=23, end=date(2027, 3, 31), as_of=date(2027, 4, 9))
_LIVE = "coalesce(lower(trim(status)), '') NOT IN ('draft', 'void')"


def _monthly_revenue(con, start: str, end: str) -> list[tuple[str, float]]:
    rows = con.execute(f"SELECT strftime(date_trunc('month', date), '%Y-%m'), sum(amount) FROM cur_invoices "
                       f"WHERE date BETWEEN ? AND ? AND {_LIVE} GROUP BY 1 ORDER BY 1", [start, end]).fetchall()
    return [(m, float(v)) for m, v in rows]


def _month(value) -> str:
    return str(value)[:7]


# A. running totals over a span ---------------------------------------------------------------------------------------
def test_running_sum_over_a_span_is_the_monthly_running_series(con, cfg) -> None:
    question = "a running sum of revenue from November 2026 to February 2027"
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    monthly = _monthly_revenue(con, "2026-11-01", "2027-02-28")
    assert len(monthly) == 4
    want = list(zip([m for m, _ in monthly], accumulate(v for _, v in monthly), strict=True))
    assert [(_month(r[0]), round(float(r[1]), 2)) for r in answer.rows] == [(m, round(v, 2)) for m, v in want], (
        answer.interpretation, answer.rows)


def test_aside_between_since_and_through_keeps_the_span(con, cfg) -> None:
    plain = confident(ask_as(con, cfg, "gross profit per month from December 2026 to March 2027", DEMO.as_of), "plain")
    assert len(plain.rows) == 4
    question = "GP since December (as a running tally), through March"
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    want = list(accumulate(float(r[1]) for r in plain.rows))
    assert [_month(r[0]) for r in answer.rows] == [_month(r[0]) for r in plain.rows]
    assert [round(float(r[1]), 2) for r in answer.rows] == [round(v, 2) for v in want], (answer.interpretation, answer.rows)


# B. a direction question beside months asked ------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "is revenue climbing? revenue for each month, last 6 months",
    "revenue per month over the last six months -- are we on the up?",
])
def test_direction_question_beside_months_shows_the_months(con, cfg, question: str) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    want = _monthly_revenue(con, "2026-10-01", "2027-03-31")
    assert len(want) == 6
    assert [(_month(r[0]), round(float(r[1]), 2)) for r in answer.rows] == [(m, round(v, 2)) for m, v in want], (
        answer.interpretation, answer.rows)


# C. a month of each of two years -------------------------------------------------------------------------------------
def test_one_month_beside_two_years_is_that_month_of_each(con, cfg) -> None:
    plain = confident(ask_as(con, cfg, "billable hours March 2026 vs March 2027", DEMO.as_of), "plain")
    for question in ("billable hours, March, 2026 vs 2027", "billable hours yoy in mar: 2026 versus 2027"):
        answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
        assert answer.rows == plain.rows, (question, answer.interpretation, answer.rows)
        assert answer.interpretation == plain.interpretation


# D. since New Year's Day ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question", ["gross profit since New Year's Day 2027", "gross profit since the new year"])
def test_since_new_year_runs_from_the_first_of_january(con, cfg, question: str) -> None:
    plain = confident(ask_as(con, cfg, "gross profit since 1 January 2027", DEMO.as_of), "plain")
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert answer.rows == plain.rows and answer.interpretation == plain.interpretation, (question, answer.interpretation)


# E. "<kind> count" ---------------------------------------------------------------------------------------------------
def test_product_count_of_one_client_is_its_products(con, cfg) -> None:
    (want,) = con.execute("SELECT count(DISTINCT product) FROM cur_licenses WHERE client_name = 'Harbor Logistics' "
                          "AND month BETWEEN '2027-02-01' AND '2027-02-28' AND seats_purchased > 0").fetchone()
    assert want >= 2, "a count of products that cannot be mistaken for the one client"
    for question in ("Harbor Logistics product count in February 2027", "product count for Harbor Logistics, Feb 2027"):
        answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
        assert [[int(v) for v in row[-1:]] for row in answer.rows] == [[want]], (question, answer.interpretation, answer.rows)


# F. "in all three of" ------------------------------------------------------------------------------------------------
def test_all_three_of_listed_months_is_each_month_on_its_own(con, cfg) -> None:
    plain = confident(ask_as(con, cfg, "how many clients had margin under 20% in each of Jan, Feb and Mar", DEMO.as_of),
                      "plain")
    merged = ask_as(con, cfg, "how many clients had margin under 20% from January to March 2027", DEMO.as_of)
    assert plain.rows != merged.rows, "the merged months must give another count for the test to mean anything"
    question = "number of accounts with gross margin below 20% in all three of Jan, Feb and Mar"
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert answer.rows == plain.rows, (answer.interpretation, answer.rows)


# G. "smallest of the N first" ----------------------------------------------------------------------------------------
def test_smallest_of_the_n_first_sorts_the_top_n(con, cfg) -> None:
    revenue = {name: float(v) for name, v in con.execute(
        f"SELECT client_name, sum(amount) FROM cur_invoices WHERE date BETWEEN '2027-01-01' AND '2027-03-31' AND {_LIVE} "
        "GROUP BY 1").fetchall()}
    top4 = sorted(revenue, key=revenue.get, reverse=True)[:4]
    question = "top 4 clients by revenue in Q1 2027 - smallest of the four first"
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert [r[0] for r in answer.rows] == list(reversed(top4)), (answer.interpretation, answer.rows)


# H. "billing" a share of available hours ----------------------------------------------------------------------------
def test_techs_billing_a_share_of_available_hours_is_billable_utilisation(con, cfg) -> None:
    plain = confident(ask_as(con, cfg, "how many technicians had billable utilisation under 65% in Q1 2027",
                             DEMO.as_of), "plain")
    total = confident(ask_as(con, cfg, "how many technicians had total utilisation under 65% in Q1 2027", DEMO.as_of),
                      "total")
    assert plain.rows != total.rows, "the two utilisations must differ for the test to mean anything"
    question = "how many technicians are billing less than 65% of their available hours in Q1 2027"
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert answer.rows == plain.rows, (answer.interpretation, answer.rows)


def test_direction_question_beside_quarters_shows_the_quarters(con, cfg) -> None:
    plain = confident(ask_as(con, cfg, "revenue by quarter over the last 4 quarters", DEMO.as_of), "plain")
    assert len(plain.rows) >= 3
    question = "are we growing: revenue each quarter over the last 4 quarters"
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert answer.rows == plain.rows and answer.interpretation == plain.interpretation, (answer.interpretation, answer.rows)
