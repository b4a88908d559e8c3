"""Issue 15, h6: four classes of wrongly refused questions a held-out set found (given as general descriptions, no
questions), each taught as a general rule. Every phrasing here is written for this file (none is an eval family's):
the parser runs on the hand-made vocabulary of tests/ai, the engine on the development demo (data to 2026-10-31, asked
2026-11-25), with the expected numbers computed here from the current tables by the glossary's definitions."""

from __future__ import annotations

from datetime import date

import pytest

from moat import db
from moat.ai.catalogue import Threshold
from moat.ai.parser import Parser
from tests.ai.test_general_rules_pass2 import VOCAB2, _complete
from tests.ai.test_parser import AS_OF, DEFAULT

Q3 = (date(2026, 7, 1), date(2026, 9, 30))
MAR_AUG = (date(2026, 3, 1), date(2026, 8, 31))
BILLED = "coalesce(lower(trim(status)), '') NOT IN ('draft', 'void')"


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(VOCAB2, target_margin=0.30, utilization_low=0.70, utilization_high=0.80, default_period=DEFAULT)



def _ask(con, config, question: str):
    from moat.ai.engine import ask
    from moat.governance.permissions import User

    a = ask(con, User("ana", "analyst"), question, AS_OF, use_cache=False, config=config, model=None)
    assert not a.refused and not a.provisional, (question, a.narrative)
    return a


# ------------------------------------------------------------------ 1. losing money in the past tense
@pytest.mark.parametrize("question", [
    "which clients bled money in Q3 2026",
    "who has bled cash, Q3 2026",
    "which accounts sank money in Q3 2026",
    "clients we have sunk cash into in Q3 2026",
    "who bled us dry in Q3 2026",
    "which clients haemorrhaged money in Q3 2026",
])
def test_losing_money_in_the_past_tense_is_negative_gross_profit(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, i.threshold) == ("gross_profit", "client", Threshold("<", 0.0)), i
    assert (i.start, i.end) == Q3


def _gross_profit_by_client(con, start: date, end: date) -> dict[str, float]:
    """revenue - labour - licence - other cost per client (glossary), written here from the current tables."""
    rows = db.rows(con, f"""
        WITH r AS (SELECT client_name, sum(amount) AS v FROM cur_invoices WHERE date BETWEEN $1 AND $2 AND {BILLED} GROUP BY 1),
        l AS (SELECT te.client_name, sum(te.hours * coalesce(te.cost_rate, t.hourly_cost)) AS v FROM cur_time_entries te
              JOIN cur_technicians t USING (technician_key) WHERE te.date BETWEEN $1 AND $2 GROUP BY 1),
        s AS (SELECT client_name, sum(seats_purchased * unit_cost) AS v FROM cur_licenses WHERE month BETWEEN $1 AND $2 GROUP BY 1),
        o AS (SELECT client_name, sum(amount) AS v FROM cur_costs WHERE date BETWEEN $1 AND $2 GROUP BY 1),
        c AS (SELECT client_name FROM r UNION SELECT client_name FROM l UNION SELECT client_name FROM s UNION SELECT client_name FROM o)
        SELECT c.client_name, (coalesce(r.v, 0) - coalesce(l.v, 0) - coalesce(s.v, 0) - coalesce(o.v, 0))::DOUBLE
        FROM c LEFT JOIN r USING (client_name) LEFT JOIN l USING (client_name) LEFT JOIN s USING (client_name)
        LEFT JOIN o USING (client_name)""", [start, end])
    return {name: gp for name, gp in rows}


def test_who_bled_money_lists_the_clients_with_negative_gross_profit(demo_con, ask_config) -> None:
    a = _ask(demo_con, ask_config, "which clients bled money in Q3 2026")
    want = {n: gp for n, gp in _gross_profit_by_client(demo_con, *Q3).items() if gp < 0}
    got = {r[0]: float(r[a.columns.index("gross_profit")]) for r in a.rows}
    assert want and got.keys() == want.keys(), (got, want)
    for name, gp in want.items():
        assert got[name] == pytest.approx(gp, abs=0.01)


# ------------------------------------------------------------------ 2. a month range asked per month
@pytest.mark.parametrize("question", [
    "how has revenue moved every month, March through August",
    "how did revenue move month to month, march to august",
    "revenue each month from march thru aug",
    "monthly revenue mar-aug",
    "how has revenue shifted per month, march until august",
])
def test_a_month_range_asked_per_month_is_the_trend_over_it(parser: Parser, question: str) -> None:
    i = _complete(parser, question)
    assert (i.metric, i.grouping, i.compare_start) == ("revenue", "month", None), i
    assert (i.start, i.end) == MAR_AUG


def test_two_periods_with_a_movement_verb_stay_two_periods(parser: Parser) -> None:
    i = _complete(parser, "how did revenue move from Q2 2026 to Q3 2026")
    assert i.compare_start == date(2026, 4, 1) and (i.start, i.end) == Q3 and i.grouping == "company", i


def test_the_trend_over_march_to_august_matches_the_invoices(demo_con, ask_config) -> None:
    a = _ask(demo_con, ask_config, "how did revenue move by month, March through August")
    want = db.rows(demo_con, f"""SELECT date_trunc('month', date)::DATE, sum(amount)::DOUBLE FROM cur_invoices
                                 WHERE date BETWEEN ? AND ? AND {BILLED} GROUP BY 1 ORDER BY 1""", list(MAR_AUG))
    assert a.intent == "revenue.month.trend" and len(want) == 6
    assert [(r[0], float(r[1])) for r in a.rows] == [(m, pytest.approx(v, abs=0.01)) for m, v in want]


# ------------------------------------------------------------------ 3. the billable share as "time we could bill"
@pytest.mark.parametrize("question", [
    "how much of the time we logged in Q3 2026 could we actually bill, in percent",
    "what part of our logged hours was billable in Q3 2026",
    "of the hours we worked in Q3 2026, what percent could we bill",
    "what portion of the time the team logged in Q3 2026 did we bill",
])
def test_the_part_of_logged_time_we_could_bill_is_the_billable_share(parser: Parser, question: str) -> None:
    i = parser.parse(question, AS_OF).intent
    assert i is not None and (i.metric, i.grouping) == ("billable_share", "company"), (question, i)
    assert (i.start, i.end) == Q3


def test_the_billable_share_of_logged_time_matches_the_time_entries(demo_con, ask_config) -> None:
    a = _ask(demo_con, ask_config, "how much of the time we logged in Q3 2026 could we actually bill, in percent")
    want = db.scalar(demo_con, "SELECT sum(hours) FILTER (WHERE billable) / sum(hours) FROM cur_time_entries "
                               "WHERE date BETWEEN ? AND ?", list(Q3))
    assert a.columns == ["billable_share"] and float(a.value) == pytest.approx(float(want))
    assert 0 < float(a.value) < 1


def test_hours_we_billed_without_a_share_stay_billable_hours(parser: Parser) -> None:
    assert _complete(parser, "how many hours did we bill in Q3 2026").metric == "billable_hours"


# ------------------------------------------------------------------ 4. the name first, then "what should I be doing"
@pytest.mark.parametrize("question", [
    "Harbor Logistics, what should I be doing about them at this point?",
    "Harbor Logistics, what do we do about them now",
    "harbor logistics, wat do we do about them?",
    "Harbor Logistics, any advice on them please?",
    "Meridian Dental Group - what should we be doing about them",
])
def test_a_name_then_what_should_i_be_doing_routes_to_the_insights(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.route == "insights" and parsed.route_filters.get("client"), (question, parsed.refusal)


@pytest.mark.parametrize("question", ["what should our margin be next year", "wat is de omzet van vorig jaar"])
def test_the_future_and_dutch_are_still_refused(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None and parsed.route is None and parsed.refusal, parsed


@pytest.mark.parametrize("question", ["we sank money into licences in Q3 2026, how much",
                                      "how much did revenue change each month in 2026"])
def test_a_cost_sunk_into_licences_or_a_change_per_month_is_never_read_by_these_rules(parser: Parser, question: str) -> None:
    """Money sunk into licences is a cost, not the losing clients; "change each month" asks for changes, not the trend
    (h18: every month with its change from the month before, ``change`` "mom", is the changes asked)."""
    i = parser.parse(question, AS_OF).intent
    assert i is None or (i.metric != "gross_profit" and (i.grouping != "month" or i.change == "mom")), (question, i)
