"""Issue 15, h139: classes a third outside hunter (h133) found answered CONFIDENTLY WRONG, each now answered right,
flagged with the reason, or refused naming what to ask. Every phrasing here is written for this file (none is the
hunter's, an eval family's or a held-out question).

E. A yes/no about EVERY member against a mark ("did every tech hit 60%") lists the ones that FAIL the mark and says
   "No: ..." naming them, or "Yes: ..." with no rows (``moat.ai.every_failing``); "which ..." keeps the passers.
"""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai.catalogue import METRICS
from tests.ai.asking import AskDemo, ask_as, confident

DEMO = AskDemo(seed=23, end=date(2027, 3, 31), as_of=date(2027, 4, 9))
LABELS = {m: METRICS[m].label for m in ("billable_utilization", "gross_profit", "revenue")}


# E. "did every X pass the mark": the ones that fail, yes / no --------------------------------------------------------
@pytest.mark.parametrize(("question", "metric", "fails"), [
    ("did every one of the techs hit 65% billable in March 2027", "billable_utilization", lambda v: v < 0.65),
    ("were each of our engineers over 65% billable utilisation last month", "billable_utilization", lambda v: v <= 0.65),
    ("was every customer profitable in Q1 2027", "gross_profit", lambda v: v <= 0),
    ("were all of the clients below 4k revenue last month", "revenue", lambda v: v >= 4000),
])
def test_every_member_asked_lists_the_ones_that_fail(con, cfg, question: str, metric: str, fails) -> None:
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert f"by {LABELS[metric]}, where" in answer.interpretation, (question, answer.interpretation)
    assert answer.rows and all(fails(float(row[1])) for row in answer.rows), (question, answer.rows)
    assert answer.narrative.startswith("No: "), answer.narrative


def test_every_member_passing_is_yes_with_no_rows(con, cfg) -> None:
    question = "did all of our clients bring in more than 10 dollars of revenue in March 2027"
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert answer.rows == [] and answer.narrative.startswith("Yes: "), (answer.rows, answer.narrative)


def test_which_ones_passed_keeps_the_passers(con, cfg) -> None:
    question = "which technicians hit 65% billable in March 2027"
    answer = confident(ask_as(con, cfg, question, DEMO.as_of), question)
    assert answer.narrative[:4] not in ("No: ", "Yes:") and answer.rows and all(float(row[1]) >= 0.65 for row in answer.rows)
