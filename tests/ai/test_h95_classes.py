"""Issue 15, h95: periods, two periods and the change, month series with the change, requests declined, the company's
own yes/no (phrasings written for this file; bench/eval_families/dev/h95_*.yaml hold more). Asked on the eval demo
(seed 23, data 2026-03..2027-03, asked 2027-04-09), each figure checked against the plain question for it.

1. requests declined (``moat.ai.declined``): actions, payments, sales activity and outside advice are refused naming
   what the data holds, never answered with a flagged neighbouring figure;
"""

from __future__ import annotations

from datetime import date

import pytest

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
