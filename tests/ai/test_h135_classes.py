"""Issue 15, h135: classes of a sealed set's (heldout21) failures, each now answered right, flagged, or refused. Every
phrasing here is written for this file (none is a held-out question or an eval family's).

D. A likelihood of leaving in a period still to come ("likely to churn next year") is a forecast: refused, naming the
   risk score (``moat.ai.risk_future``); with no period, or a past one, the risk score is still answered.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.ai.asking import AskDemo, ask_as, confident

DEMO = AskDemo(seed=23, end=date(2027, 3, 31), as_of=date(2027, 4, 9))


# D. leaving in a period still to come ------------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "which accounts are likely to cancel with us in 2027",
    "clients probably going to churn next year",
    "who is likely to leave us by the end of the year",
    "which customers are expected to quit during the next quarter",
])
def test_leaving_in_a_period_to_come_is_refused_naming_the_risk_score(con, cfg, question: str) -> None:
    answer = ask_as(con, cfg, question, DEMO.as_of)
    assert answer.refused, (question, answer.interpretation, answer.rows)
    assert "risk" in answer.narrative and "not a forecast" in answer.narrative, answer.narrative


@pytest.mark.parametrize("question", ["which clients are likely to leave", "which clients were at risk in 2026"])
def test_risk_without_a_period_to_come_is_still_answered(con, cfg, question: str) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert "risk" in answer.interpretation and answer.rows, answer.interpretation
