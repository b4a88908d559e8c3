""""from Q2 to Q4" is one span of quarters, as "from June to August" is one span of months: "total revenue from Q2 to
Q4 2026" was Q2 against Q4 (both values and the change) at 0.99. With a change or direction word the comparison
stays."""
from __future__ import annotations

from datetime import date

import pytest

from moat.metrics import profitability
from moat.metrics.periods import Period
from tests.ai.asking import AskDemo, ask_as, confident

AS_OF = date(2027, 4, 9)
DEMO = AskDemo(seed=23, end=date(2027, 3, 31), as_of=AS_OF)


@pytest.mark.parametrize("question", ["total revenue from Q2 to Q4 2026", "revenue from q2 till q4 2026"])
def test_from_one_quarter_to_another_is_the_span(con, cfg, question: str) -> None:
    a = confident(ask_as(con, cfg, question, AS_OF), question)
    want = profitability(con, Period(date(2026, 4, 1), date(2026, 12, 31)))["revenue"].sum()
    assert a.interpretation == "total revenue, 2026-04-01..2026-12-31" and float(a.rows[0][0]) == pytest.approx(float(want))


@pytest.mark.parametrize("question", ["how did revenue change from Q2 to Q3 2026", "revenue Q2 to Q3 2026"])
def test_a_change_from_one_quarter_to_another_stays_a_comparison(con, cfg, question: str) -> None:
    a = confident(ask_as(con, cfg, question, AS_OF), question)
    assert "2026-04-01..2026-06-30 against 2026-07-01..2026-09-30" in a.interpretation


def test_a_direction_before_a_month_span_compares_the_two_months(con, cfg) -> None:
    """ "revenue down from June to August 2026, which clients" listed each client's June-August revenue (a level) at
    0.84: "down from A to B" is a direction, the clients whose revenue fell from June to August."""
    a = confident(ask_as(con, cfg, "revenue down from June to August 2026, which clients", AS_OF),
                  "revenue down from June to August 2026")
    assert "2026-06-01..2026-06-30 against 2026-08-01..2026-08-31" in a.interpretation and "only those that fell" in \
        a.interpretation
    assert a.rows and all(float(r[3]) < 0 for r in a.rows)
