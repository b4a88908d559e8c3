"""h132 (issue 15, the h121 hunt's confidently wrong left): classes of questions the parser read wrong, confidently.

A. Size choice (``moat.ai.size_choice``, one rule for h117 / h127 / h129): the entities a size word chooses ("our 3
   busiest clients": by hours; "biggest": by revenue) are also the part of a share, the candidates of a threshold's
   list (the biggest of those under the mark), and rows sorted by the shown measure when a sort word names it. Before:
   the share's part was the asked measure's own top N, the threshold's list ranked by the asked measure, the sort word
   left the rows in the size's order.

B. An amount paid "for licences" (``moat.ai.threshold_unit``): "clients paying more than 1000 for licences" is licence
   cost over 1000, never more than 1000 seat-months (before: an empty list and a count of 0, confidently). What clients
   pay US for licences (the resale) is not recorded, so the licence-cost reading is flagged (the assumption ledger's
   ``_paid_for_licences``), as is "clients who pay over 500 for Microsoft" (before: 0.76, unflagged).

C. "The medical center" (``moat.ai.mentions``): a segment phrase said as one thing is the one client so named, or a
   question back when several clients share it; never the segment (before: the healthcare segment, 0.80).

D. A measure asked of the clients a condition on another measure picks ("licence cost for clients over 1000 in waste",
   "seats for clients with waste over 500"; ``moat.ai.other_measure_asked``, ``moat.ai.compile.shown_for_passing``):
   the clients whose waste passes, the asked measure shown for each (before: listed by waste, or waste read as seats).

E. Counts whose rows cannot be narrowed as asked (``moat.ai.count_refusals``): a count within a client named by its size
   ("how many techs worked on our biggest client") and a count or list of clients with both billable and non-billable
   time are refused naming what to ask (before: 15 technicians, 40 clients, confidently).

Each expected figure is computed here from the demo's tables or from the plain ranking the engine already answers.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.ai.asking import AskDemo, ask_as, confident, flagged_or_refused

DEMO = AskDemo(seed=23, end=date(2027, 3, 31), as_of=date(2027, 4, 9))
Q1 = ("2027-01-01", "2027-03-31")


def _revenue(con) -> dict[str, float]:
    rows = con.execute("SELECT client_name, sum(amount) FROM cur_invoices WHERE date BETWEEN ? AND ? "
                       "AND coalesce(lower(trim(status)), '') NOT IN ('draft', 'void') GROUP BY client_name",
                       list(Q1)).fetchall()
    return {name: float(v) for name, v in rows}


def _hours(con) -> dict[str, float]:
    rows = con.execute("SELECT client_name, sum(hours) FROM cur_time_entries WHERE date BETWEEN ? AND ? "
                       "AND client_name IS NOT NULL GROUP BY client_name", list(Q1)).fetchall()
    return {name: float(v) for name, v in rows}


def _top(values: dict[str, float], n: int) -> list[str]:
    return sorted(values, key=lambda k: (-values[k], k))[:n]


def _each(con, cfg, question: str) -> dict[str, float]:
    """Every client's value from the plain list the engine answers (its own, older reading)."""
    answer = ask_as(con, cfg, question, DEMO.as_of)  # flagged at times for the data's quality, never refused
    assert not answer.refused and answer.rows, (question, answer.narrative)
    return {r[0]: float(r[1]) for r in answer.rows if r[1] is not None}


# A. size choice ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "what fraction of Q1 2027 revenue did our 3 busiest customers account for",
    "our three busiest accounts' share of revenue, q1 2027",
])
def test_share_of_the_busiest_is_chosen_by_hours(con, cfg, question: str) -> None:
    revenue, hours = _revenue(con), _hours(con)
    busiest = _top(hours, 3)
    assert set(busiest) != set(_top(revenue, 3)), "the busiest must differ from the biggest for the test to mean anything"
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert answer.slots["chosen_by"] == "hours" and answer.slots["share"], answer.interpretation
    want = sum(revenue.get(n, 0.0) for n in busiest) / sum(revenue.values())
    assert answer.rows[0][0] == pytest.approx(want, abs=1e-6), (question, answer.rows)
    assert "by hours worked" in answer.interpretation and "by hours worked" in answer.narrative


def test_share_of_licence_cost_of_the_biggest_is_chosen_by_revenue(con, cfg) -> None:
    question = "how much of the licence spend in Q1 2027 went on our 3 biggest clients, in percent"
    licence = _each(con, cfg, "licence cost by client in Q1 2027")
    biggest = _top(_revenue(con), 3)
    assert set(biggest) != set(_top(licence, 3)), "the biggest spenders must differ for the test to mean anything"
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    want = sum(licence.get(n, 0.0) for n in biggest) / sum(licence.values())
    assert answer.rows[0][0] == pytest.approx(want, abs=1e-6), (question, answer.interpretation, answer.rows)


@pytest.mark.parametrize("question", [
    "our 3 largest customers among those with margin below 35%, Q1 2027",
    "which 3 biggest clients had a gross margin under 35% in q1 2027",
])
def test_biggest_of_those_under_a_margin(con, cfg, question: str) -> None:
    margin, revenue = _each(con, cfg, "gross margin by client for Q1 2027"), _revenue(con)
    under = {n: revenue.get(n, 0.0) for n, m in margin.items() if m < 0.35}
    want = _top(under, 3)
    assert want != _top({n: margin[n] for n in under}, 3), "the margin's own top 3 must differ"
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert [r[0] for r in answer.rows] == want, (question, answer.interpretation, answer.rows)
    assert [round(float(r[1]), 6) for r in answer.rows] == [round(margin[n], 6) for n in want]


@pytest.mark.parametrize(("question", "measure", "plain"), [
    ("the 4 busiest clients in Q1 2027, sorted by gross profit", "gross_profit", "gross profit by client for Q1 2027"),
    ("our 4 busiest accounts, most profitable first, Q1 2027", "gross_profit", "gross profit by client for Q1 2027"),
    ("top 4 clients by hours in Q1 2027, ranked by EHR", "ehr", "effective hourly rate by client for Q1 2027"),
])
def test_chosen_rows_sorted_by_the_shown_measure(con, cfg, question: str, measure: str, plain: str) -> None:
    values, hours = _each(con, cfg, plain), _hours(con)
    chosen = _top(hours, 4)
    want = sorted(chosen, key=lambda n: -values[n])
    assert want != chosen, "the sort must change the order for the test to mean anything"
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert answer.slots["chosen_by"] == "hours" and answer.slots["metric"] == measure, answer.interpretation
    assert [r[0] for r in answer.rows] == want, (question, answer.interpretation, answer.rows)
    assert [round(float(r[1]), 2) for r in answer.rows] == [round(values[n], 2) for n in want]


# B. an amount paid for licences ----------------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "customers who paid over 1500 for licenses in March 2027",
    "how many accounts pay more than 1500 for licences, march 2027",
])
def test_amount_paid_for_licences_is_licence_cost(con, cfg, question: str) -> None:
    cost = _each(con, cfg, "licence cost by client for March 2027")
    want = {n for n, v in cost.items() if v > 1500}
    assert 0 < len(want) < len(cost), "some clients above and some below the amount"
    answer = flagged_or_refused(ask_as(con, cfg, question, DEMO.as_of), question)
    assert not answer.refused and answer.slots["metric"] == "license_cost", answer.interpretation
    assert any(a["slot"] == "measure" and a["risky"] for a in answer.assumptions), answer.assumptions
    if question.startswith("how many"):
        assert answer.rows == [[len(want)]], (question, answer.rows)
    else:
        assert {r[0] for r in answer.rows} == want, (question, answer.rows)


def test_amount_paid_for_a_vendor_is_flagged(con, cfg) -> None:
    question = "which clients pay more than 300 for Microsoft in March 2027"
    answer = flagged_or_refused(ask_as(con, cfg, question, DEMO.as_of), question)
    assert not answer.refused and answer.slots["metric"] == "license_cost", answer.interpretation
    assert answer.rows, "some clients pass"
    assert all(float(r[1]) > 300 for r in answer.rows)


def test_spending_on_licences_stays_confident(con, cfg) -> None:
    question = "clients we spent more than 1500 on licences for in March 2027"
    cost = _each(con, cfg, "licence cost by client for March 2027")
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert {r[0] for r in answer.rows} == {n for n, v in cost.items() if v > 1500}


# C. "the medical center" -----------------------------------------------------------------------------------------
def test_the_segment_phrase_said_as_one_is_the_client_so_named() -> None:
    from moat.ai.mentions import NameIndex, Vocabulary

    clients = ("Westgate Medical Center", "Acme Family Clinic", "Harbor Logistics")
    index = NameIndex(Vocabulary(clients, ("Priya Shah",), (), ("healthcare", "manufacturing")))
    found = [(m.kind, m.names, m.ambiguous) for m in index.mentions("the medical center's margin q2")]
    assert found == [("client", ("Westgate Medical Center",), ())]
    # said as a kind of client (plural, or before "clients"), it stays the segment's / family's reading
    assert [m.kind for m in index.mentions("margin of medical centers q2")] == ["segment"]
    assert [m.kind for m in index.mentions("revenue of the medical center clients q2")] == ["segment"]


def test_the_segment_phrase_shared_by_several_clients_asks_which(con, cfg) -> None:
    question = "the medical center's gross margin in Q1 2027"
    answer = ask_as(con, cfg, question, DEMO.as_of)
    assert answer.refused and "Which one" in answer.narrative, (answer.interpretation, answer.narrative)
    for name in ("Beacon Medical Center", "Copperfield Medical Center", "Willow Medical Center", "Zenith Medical Center"):
        assert name in answer.narrative


# D. a measure asked of the clients another measure's condition picks ----------------------------------------------
@pytest.mark.parametrize(("question", "measure", "plain"), [
    ("licence cost for customers over 500 in waste, Q1 2027", "license_cost", "licence cost by client for Q1 2027"),
    ("seats purchased for accounts with licence waste above 500 in q1 2027", "seats_purchased",
     "seat-months purchased by client for Q1 2027"),
])
def test_measure_of_clients_passing_another_measure(con, cfg, question: str, measure: str, plain: str) -> None:
    waste, shown = _each(con, cfg, "licence waste by client for Q1 2027"), _each(con, cfg, plain)
    want = {n for n, v in waste.items() if v > 500}
    assert 1 < len(want) < len(waste)
    answer = ask_as(con, cfg, question, DEMO.as_of)
    assert not answer.refused and answer.slots["metric"] == measure, (answer.interpretation, answer.narrative)
    assert answer.slots["where_metric"] == "license_waste", answer.slots
    assert {r[0] for r in answer.rows} == want, (question, answer.rows)
    assert all(float(r[1]) == pytest.approx(shown[r[0]], abs=0.01) for r in answer.rows), answer.rows


# E. counts refused naming what to ask -----------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "how many technicians put time into our largest account in Q1 2027",
    "number of products our biggest customer holds, march 2027",
    "how many customers had both billable and non-billable time in March 2027",
    "which clients logged both unbilled and billable hours in q1 2027",
])
def test_counts_narrowed_beyond_the_reading_are_refused(con, cfg, question: str) -> None:
    answer = ask_as(con, cfg, question, DEMO.as_of)
    assert answer.refused, (question, answer.interpretation, answer.rows)
    assert "Ask" in answer.narrative, answer.narrative


@pytest.mark.parametrize("question", [
    "how many techs worked on Harbor Logistics in March 2027",
    "hours by client in March 2027, both billable and non-billable",
])
def test_named_client_and_every_hour_are_still_answered(con, cfg, question: str) -> None:
    answer = ask_as(con, cfg, question, DEMO.as_of)
    assert not answer.refused and answer.rows, (question, answer.narrative)
