"""Issue 15, h138: the outside hunter h133's classes B, C, I, L and N, in wordings written for this file (none is an
eval family's or a held-out question). Expected figures are the confident answers to the plain form of the same
question (each checked elsewhere against hand SQL), so the test asserts the reading, not a copy of the code.

B. a pick inside a set chosen by size ("which of our 5 biggest clients has the lowest margin") is the ONE row of the
   N with the lowest / highest asked measure (``moat.ai.pick_within``), never the N listed biggest first; a pick the
   parser cannot make (a set chosen by price) is flagged.
C. "least" + a bad state ("least unprofitable", "least overworked", "least under-utilised") is the row nearest the
   state's edge (``moat.ai.least_state``); "least idle" ranks everyone; an empty state says none is in it.
I. "the biggest share of the team's billable work" is refused by entity (``moat.ai.entity_time_shares``).
L. ranks "6-10" are those ranks of the ranking (``skip``); "the top 30%" is refused naming the count and the top N
   (``moat.ai.rank_ranges``).
N. "most" as a quantifier (``moat.ai.most_quantifier``): "most of" a whole is that part's share; "most" of the rows is
   refused naming the two counts that answer it.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.ai.asking import AskDemo, ask_as, confident, flagged_or_refused

DEMO = AskDemo(seed=23, end=date(2027, 3, 31), as_of=date(2027, 4, 9))


def _values(con, cfg, question: str) -> dict[str, float]:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    return {row[0]: float(row[1]) for row in answer.rows if row[1] is not None}


def _names(con, cfg, question: str) -> list[str]:
    return [row[0] for row in confident(ask_as(con, cfg, question, DEMO.as_of), question).rows]


# B. a pick inside a chosen set -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "size_q", "measure_q", "side"), [
    ("amongst our five largest customers in Q1 2027, which one had the slimmest gross margin",
     "top 5 clients by revenue in Q1 2027", "gross margin by client in Q1 2027", min),
    ("of the four biggest accounts, who had the highest labour cost in Q1 2027",
     "top 4 clients by revenue in Q1 2027", "labour cost by client in Q1 2027", max),
    ("out of our 3 busiest techs in March 2027, which one had the lowest billable utilisation",
     "top 3 technicians by hours in March 2027", "billable utilisation by technician in March 2027", min),
    ("which one of our four quietest engineers had the best billable utilisation in March 2027",
     "bottom 4 technicians by hours in March 2027", "billable utilisation by technician in March 2027", max),
])
def test_pick_inside_a_set_chosen_by_size(con, cfg, question: str, size_q: str, measure_q: str, side) -> None:
    chosen = _names(con, cfg, size_q)
    values = _values(con, cfg, measure_q)
    want = side(chosen, key=lambda n: values[n])
    assert want != chosen[0] or side is max, "the pick must differ from the biggest for the test to mean anything"
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert [row[0] for row in answer.rows] == [want], (question, answer.interpretation, answer.rows)
    assert float(answer.rows[0][1]) == pytest.approx(values[want])


@pytest.mark.parametrize("question", [
    "of the 4 cheapest products, which had the most unused seats last month",
    "which of our products has the fewest unused seats among the top 3 by seats last month",
    "of our top 5 clients by margin in Q1 2027, which is the biggest",
])
def test_pick_the_parser_cannot_make_is_flagged(con, cfg, question: str) -> None:
    flagged_or_refused(ask_as(con, cfg, question, DEMO.as_of), question)


# C. "least" + a bad state ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "plain", "side"), [
    ("which account was the least unprofitable in Q4 2026", "which clients lost money in Q4 2026", max),
    ("Q4 2026: the least loss-making customer", "which clients lost money in Q4 2026", max),
    ("who was the least under-utilised engineer in March 2027", "which techs were under 70% billable in March 2027",
     max),
    ("the least overworked technician in March 2027", "which techs were over 80% billable in March 2027", min),
    ("which engineer was the least idle in March 2027", "billable utilisation by technician in March 2027", max),
])
def test_least_of_a_bad_state_is_nearest_its_edge(con, cfg, question: str, plain: str, side) -> None:
    values = _values(con, cfg, plain)
    assert len(values) >= 2, "two rows in the state at least, for the end to mean anything"
    want = side(values, key=values.get)
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert [row[0] for row in answer.rows] == [want], (question, answer.interpretation, answer.rows)


def test_least_of_a_state_nobody_is_in_says_so(con, cfg) -> None:
    assert _values(con, cfg, "which segments lost money in Q4 2026") == {}
    answer = confident(ask_as(con, cfg, "the least loss-making segment in Q4 2026", DEMO.as_of), "segment")
    assert answer.rows == [] and answer.narrative.startswith("No segment had gross profit < 0"), answer.narrative


@pytest.mark.parametrize("question", [
    "the busiest of our under-utilised technicians in March 2027",
    "least profitable of our profitable accounts in Q1 2027",
])
def test_superlative_inside_a_state_is_flagged(con, cfg, question: str) -> None:
    flagged_or_refused(ask_as(con, cfg, question, DEMO.as_of), question)


# I. a part of the team's (non-)billable hours ----------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "which engineer did the largest share of the billable work in March 2027",
    "who had the most non-billable hours as a share of the team's last month",
    "customer with the biggest share of billable hours in Q1 2027",
])
def test_part_of_the_teams_hours_is_refused_by_entity(con, cfg, question: str) -> None:
    answer = ask_as(con, cfg, question, DEMO.as_of)
    assert answer.refused and "by" in answer.narrative and "hours" in answer.narrative, (question, answer.rows)


# L. rank ranges and percent limits ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "plain", "low"), [
    ("accounts 6-10 by revenue in Q1 2027", "top 10 clients by revenue in Q1 2027", 6),
    ("techs ranked 4 to 8 by hours in March 2027", "top 8 technicians by hours in March 2027", 4),
    ("the 2nd to 5th biggest clients by revenue in Q1 2027", "top 5 clients by revenue in Q1 2027", 2),
])
def test_rank_range_is_those_ranks(con, cfg, question: str, plain: str, low: int) -> None:
    top = confident(ask_as(con, cfg, plain, DEMO.as_of), plain).rows
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert answer.rows == top[low - 1:], (question, answer.interpretation, answer.rows)
    assert answer.interpretation.startswith(f"ranks {low} to {len(top)}"), answer.interpretation


def test_rank_range_with_a_count_is_flagged(con, cfg) -> None:
    flagged_or_refused(ask_as(con, cfg, "how many clients 6-10 by revenue in Q1 2027", DEMO.as_of), "count")


def test_percent_of_rows_is_refused(con, cfg) -> None:
    answer = ask_as(con, cfg, "top 20% clients by revenue in Q1 2027", DEMO.as_of)
    assert answer.refused and "20%" in answer.narrative, (answer.interpretation, answer.rows)


def test_value_range_after_the_noun_is_still_a_value_range(con, cfg) -> None:
    answer = confident(ask_as(con, cfg, "clients with revenue between 10k and 12k in Q1 2027", DEMO.as_of), "range")
    assert all(10_000 <= float(row[1]) <= 12_000 for row in answer.rows) and answer.rows


# N. "most" as a quantifier -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "named"), [
    ("do most of our clients make money in Q1 2027", "how many clients do make money in q1 2027"),
    ("in March 2027, were most techs above 70% billable", "how many techs were above 70% billable in march 2027"),
])
def test_most_of_the_rows_is_refused_naming_the_count(con, cfg, question: str, named: str) -> None:
    answer = ask_as(con, cfg, question, DEMO.as_of)
    assert answer.refused and named in answer.narrative, (question, answer.interpretation, answer.rows)
    confident(ask_as(con, cfg, named, DEMO.as_of), named)  # the question named is answered


@pytest.mark.parametrize("question", [
    "did most of our revenue in Q4 2026 come from healthcare clients",
    "in Q4 2026, was most of the revenue coming from healthcare",
])
def test_most_of_a_whole_is_the_parts_share(con, cfg, question: str) -> None:
    plain = confident(ask_as(con, cfg, "what share of revenue came from healthcare in Q4 2026", DEMO.as_of), "plain")
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert answer.rows == plain.rows and answer.interpretation == plain.interpretation, (question, answer.rows)
    assert any("'most of'" in reason for reason in answer.reasons), answer.reasons


def test_how_many_make_up_most_is_refused(con, cfg) -> None:
    answer = ask_as(con, cfg, "how many customers make up most of our gross profit in Q1 2027", DEMO.as_of)
    assert answer.refused and "share" in answer.narrative, (answer.interpretation, answer.rows)
