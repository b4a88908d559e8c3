"""Lead (after h90): "did we lose money in Q1" / "are we losing money this year" ask about the company's own gross
profit, as "did we lose money in both Jan and Feb" does (tests/ai/test_h54_each_period.py: the company in each month),
never the list of the clients that lost (a confident list whose "Together" line read as the company's loss).
Where clients are asked about ("on any clients", "which clients") the list stays; a named client is that client's."""

from __future__ import annotations

from datetime import date

import pytest

from tests.ai.asking import AskDemo, ask_as, confident

DEMO = AskDemo(seed=23, end=date(2027, 3, 31), as_of=date(2027, 4, 9))
Q1 = ("2027-01-01", "2027-03-31")


@pytest.mark.parametrize("question", ["did we lose money in Q1", "were we losing money in Q1 2027",
                                      "so did we lose money last quarter?"])
def test_did_we_lose_money_is_the_company_figure(con, cfg, question: str) -> None:
    plain = confident(ask_as(con, cfg, "gross profit last quarter", DEMO.as_of), "gross profit last quarter")
    a = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert (a.slots["grouping"], a.slots["start"], a.slots["end"]) == ("company", *Q1), a.interpretation
    assert a.rows[0][0] == plain.rows[0][0] and a.rows[0][1] is (plain.rows[0][0] < 0)
    assert "Together" not in a.narrative and ("no" if plain.rows[0][0] >= 0 else "yes") in a.narrative


def test_losing_clients_asked_about_stay_a_list(con, cfg) -> None:
    a = confident(ask_as(con, cfg, "did we lose money on any clients last quarter", DEMO.as_of), "any clients")
    plain = ask_as(con, cfg, "which clients lost money last quarter", DEMO.as_of)
    assert a.slots["grouping"] == "client" and a.rows == plain.rows and a.rows and all(r[1] < 0 for r in a.rows)
