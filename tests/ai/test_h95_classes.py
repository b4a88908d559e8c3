"""Issue 15, h95: periods, two periods and the change, month series with the change, requests declined, the company's
own yes/no (phrasings written for this file; bench/eval_families/dev/h95_*.yaml hold more). Asked on the eval demo
(seed 23, data 2026-03..2027-03, asked 2027-04-09), each figure checked against the plain question for it.

1. requests declined (``moat.ai.declined``): actions, payments, sales activity and outside advice are refused naming
   what the data holds, never answered with a flagged neighbouring figure;
2. period phrasings (``moat.ai.period_phrases``): "<month> -> now", "rolling N months", "the month of <month>", "an
   N-month trend" are their dates, never one month or the default 3 months;
3. a month series with the change vs the prior month ("by month" / "monthly" and "vs the previous month"): every month
   of the period with its change, never the one month before;
4. two periods and the change: "may" before the measure on the left of a month, an ordinal quarter after "than in",
   "fall" as the direction, a client's "make more or less money";
5. the company's own yes/no about making money ("were we profitable", ``moat.ai.company_profit``): the figure and
   yes / no; entities asked about ("on any clients") list those over 0;
6. "what should we change / fix with <client>" routes to the client's insights, flagged (the reading is implied);
7. one test of "entities, not the company" (``own_figure.company_asked``, read by ``spoken_amounts`` too) and one
   pattern of reaching a mark.
"""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai import own_figure_words, spoken_amounts
from tests.ai.asking import AskDemo, ask_as, confident

DEMO = AskDemo(seed=23, end=date(2027, 3, 31), as_of=date(2027, 4, 9))


def _ask(con, cfg, question: str):
    return ask_as(con, cfg, question, DEMO.as_of)


# ------------------------------------------------------------------ 1. requests declined
@pytest.mark.parametrize(("question", "named"), [
    ("turn off the spare Huntress seats at Harbor Logistics", "turn off"),
    ("buy 12 more Defender for Business seats for Acme Architects", "buy"),
    ("mark every invoice from January as paid", "mark"),
    ("please switch on two more SentinelOne licences", "switch on"),
])
def test_actions_are_refused(con, cfg, question: str, named: str) -> None:
    answer = _ask(con, cfg, question)
    assert answer.refused and "only read" in answer.narrative and named in answer.narrative, (
        question, answer.interpretation, answer.narrative)


@pytest.mark.parametrize(("question", "named"), [
    ("which accounts paid their invoices late in February", "payment"),
    ("AR aging - invoices over 90 days past due", "payment"),
    ("how many sales calls did the team make last quarter", "sales"),
    ("how many new leads came in during March", "sales"),
    ("can you recommend a good book about running an IT business", "recommend"),
])
def test_data_not_held_is_refused(con, cfg, question: str, named: str) -> None:
    answer = _ask(con, cfg, question)
    assert answer.refused and named in answer.narrative, (question, answer.interpretation, answer.narrative)


def test_a_client_payment_against_an_amount_offers_its_revenue(con, cfg) -> None:
    answer = _ask(con, cfg, "did Meridian Dental Group pay us more than 8k in February?")
    assert answer.refused and "payments are not held" in answer.narrative
    assert answer.suggestions == ["What was Meridian Dental Group's revenue in February?"]
    offered = confident(_ask(con, cfg, answer.suggestions[0]), answer.suggestions[0])
    plain = confident(_ask(con, cfg, "revenue for Meridian Dental Group in February 2027"), "plain")
    assert offered.rows[-1][-1] == plain.rows[-1][-1]


def test_a_name_word_is_no_action(con, cfg) -> None:
    """A reader's verb stays a question: "how many seats did we buy" is seats purchased, not an action."""
    answer = confident(_ask(con, cfg, "how many Huntress seats did we buy last month"), "seats bought")
    assert answer.intent.startswith("seats_purchased")


def _span(answer) -> tuple[str, str]:
    return answer.slots["start"], answer.slots["end"]


# ------------------------------------------------------------------ 2. period phrasings
@pytest.mark.parametrize(("question", "span", "grouping"), [
    ("hours logged oct -> now", ("2026-10-01", "2027-04-09"), "company"),
    ("labour cost from december → today", ("2026-12-01", "2027-04-09"), "company"),
    ("rolling 6 month revenue", ("2026-10-01", "2027-03-31"), "company"),
    ("gross profit on a rolling 3 month basis", ("2027-01-01", "2027-03-31"), "company"),
    ("licence cost in the month of january", ("2027-01-01", "2027-01-31"), "company"),
    ("5-month revenue trend", ("2026-11-01", "2027-03-31"), "month"),
    ("hours trend over 8 months", ("2026-08-01", "2027-03-31"), "month"),
])
def test_period_phrasings_are_their_dates(con, cfg, question: str, span: tuple[str, str], grouping: str) -> None:
    answer = confident(_ask(con, cfg, question), question)
    assert _span(answer) == span and answer.slots["grouping"] == grouping, answer.interpretation


# ------------------------------------------------------------------ 3. a month series with the change
@pytest.mark.parametrize(("question", "span"), [
    ("labour cost by month last 5 months and the change against the prior month", ("2026-11-01", "2027-03-31")),
    ("revenue by month ytd plus the change on the previous month", ("2027-01-01", "2027-04-09")),
    ("monthly hours nov-jan + change vs prior month", ("2026-11-01", "2027-01-31")),
    ("monthly GP for the past 4 months and how much it moved vs the month before", ("2026-12-01", "2027-03-31")),
])
def test_month_series_with_the_change(con, cfg, question: str, span: tuple[str, str]) -> None:
    answer = confident(_ask(con, cfg, question), question)
    assert (answer.slots["grouping"], answer.slots["change"], *_span(answer)) == ("month", "mom", *span), \
        answer.interpretation
    assert len(answer.rows) >= 3 and all(len(row) == 3 for row in answer.rows)


# ------------------------------------------------------------------ 4. two periods and the change
@pytest.mark.parametrize(("question", "before", "after", "metric"), [
    ("how did May hours compare to June", ("2026-05-01", "2026-05-31"), ("2026-06-01", "2026-06-30"), "hours"),
    ("was may's labour cost higher than july's", ("2026-05-01", "2026-05-31"), ("2026-07-01", "2026-07-31"),
     "labour_cost"),
    ("did we bill more in the second quarter than in the third", ("2026-04-01", "2026-06-30"),
     ("2026-07-01", "2026-09-30"), "revenue"),
    ("did Meridian Dental Group make more or less money in feb than in jan", ("2027-01-01", "2027-01-31"),
     ("2027-02-01", "2027-02-28"), "gross_profit"),
])
def test_two_periods(con, cfg, question: str, before, after, metric: str) -> None:
    answer = confident(_ask(con, cfg, question), question)
    got = ((answer.slots["compare_start"], answer.slots["compare_end"]), _span(answer), answer.slots["metric"])
    assert got == (before, after, metric), answer.interpretation


def test_compare_with_the_one_before(con, cfg) -> None:
    answer = confident(_ask(con, cfg, "compare Meridian Dental Group's revenue in February with the month before"),
                       "compare with")
    got = ((answer.slots["compare_start"], answer.slots["compare_end"]), _span(answer))
    assert got == (("2027-01-01", "2027-01-31"), ("2027-02-01", "2027-02-28")), answer.interpretation


def test_fall_is_the_direction(con, cfg) -> None:
    answer = confident(_ask(con, cfg, "which clients saw labour cost fall from Q4 to Q1"), "fall")
    assert answer.slots["change"] == "down" and answer.rows and all(row[-1] < 0 for row in answer.rows)


# ------------------------------------------------------------------ 5. the company's own yes/no
@pytest.mark.parametrize(("question", "span"), [
    ("were we profitable last quarter", ("2027-01-01", "2027-03-31")),
    ("did we turn a profit in january", ("2027-01-01", "2027-01-31")),
    ("so did we make any money in February?", ("2027-02-01", "2027-02-28")),
])
def test_company_made_money_says_yes_or_no(con, cfg, question: str, span: tuple[str, str]) -> None:
    answer = confident(_ask(con, cfg, question), question)
    plain = confident(_ask(con, cfg, f"gross profit {span[0]} to {span[1]}"), "plain")
    assert answer.slots["grouping"] == "company" and _span(answer) == span
    assert answer.rows[0][0] == plain.rows[0][0] and answer.rows[0][1] is (plain.rows[0][0] > 0)
    assert ("yes" if plain.rows[0][0] > 0 else "no") in answer.narrative


def test_made_money_on_any_clients_lists_them(con, cfg) -> None:
    answer = confident(_ask(con, cfg, "did we make money on any clients in February"), "any clients")
    assert answer.slots["grouping"] == "client" and answer.rows and all(row[1] > 0 for row in answer.rows)


# ------------------------------------------------------------------ 6. what to change with a client
@pytest.mark.parametrize("question", ["what should I fix at Meridian Dental Group",
                                      "what do we have to change with Meridian Dental Group to make money"])
def test_what_to_change_routes_to_insights(con, cfg, question: str) -> None:
    answer = _ask(con, cfg, question)
    assert not answer.refused and answer.route == "insights" and "Meridian Dental Group" in answer.interpretation
    assert answer.confidence < 0.7  # implied, not said: flagged for review


# ------------------------------------------------------------------ 7. one test of entities asked, one pattern reached
def test_entities_asked_is_one_test() -> None:
    """"each one" / "any of them" ask about entities (the mark is a threshold over them) as "which techs" does; the
    company's own yes/no keeps its words (``own_figure.company_marks`` reads them)."""
    assert spoken_amounts.spoken_amounts("did each one reach 75 percent") == "did each one at least 75 percent"
    assert spoken_amounts.spoken_amounts("which techs made 90 percent") == "which techs at least 90 percent"
    assert spoken_amounts.spoken_amounts("did we reach 75 percent") == "did we reach 75 percent"
    assert spoken_amounts._REACHED.pattern.startswith(own_figure_words.REACHED)


@pytest.mark.parametrize("question", ["unused seats around back to school", "revenue over cyber monday",
                                      "labour cost around halloween"])
def test_times_of_year_without_dates_are_refused(con, cfg, question: str) -> None:
    answer = _ask(con, cfg, question)
    assert answer.refused and "names no dates" in answer.narrative, (question, answer.interpretation)


def test_the_season_fall_is_no_direction(con, cfg) -> None:
    """"last fall (Q4 2026)": the season restated, never a comparison with the quarter before."""
    answer = _ask(con, cfg, "hours logged last fall (Q4 2026)")
    assert not answer.refused and answer.slots["compare_start"] is None and _span(answer) == ("2026-10-01", "2026-12-31")
