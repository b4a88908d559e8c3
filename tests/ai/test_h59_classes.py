"""Issue 15 (h59): reviewer h51's minor classes that h57 does not take, on the reviewer's demo (seed 467, data
2024-03-01..2025-03-31, asked as of 2025-04-22). Figures the data does not hold are refused naming what to ask; a
day's hours are checked against SQL written here. Phrasings are h59's own (bench/eval_families/dev/h59_*.yaml holds
more, on the eval's demo)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.ai.asking import AskDemo, ask_as

AS_OF = date(2025, 4, 22)


DEMO = AskDemo(seed=467, end=date(2025, 3, 31), as_of=AS_OF)


def _ask(con, cfg, question: str):
    return ask_as(con, cfg, question, AS_OF)


# ---------------------------------------------------------------- one day written as a date
@pytest.mark.parametrize("question", ["what was gross profit on 3 March 2025", "revenue on 2025-03-14",
                                      "labour cost on March 14, 2025", "revenue on the 14th of March"])
def test_money_for_one_dated_day_is_refused(con, cfg, question):
    """It was a confident figure of one day's invoices less its costs (-4,285.12 for 3 March), which the glossary
    never defines: money is held per invoice and month."""
    a = _ask(con, cfg, question)
    assert a.refused and not a.rows, (question, a.interpretation, a.rows)
    assert "one day" in a.narrative and "last month" in a.narrative  # says why and what to ask


@pytest.mark.parametrize("question", ["how many hours did we log on 2025-03-14", "hours logged on March 14th",
                                      "hours on the 14th of March"])
def test_hours_for_one_dated_day_are_answered(con, cfg, question):
    """Without a year the day is the latest such day up to the as-of date (it was the whole month, "14" unread)."""
    a = _ask(con, cfg, question)
    want = con.execute("SELECT sum(hours) FROM cur_time_entries WHERE date = DATE '2025-03-14'").fetchone()[0]
    assert not a.refused and not a.provisional, (question, a.interpretation, a.ignored)
    assert float(a.rows[0][0]) == pytest.approx(float(want))


# ---------------------------------------------------------------- figures not held
@pytest.mark.parametrize(("question", "named"), [
    ("what did we pay in payroll taxes last quarter", "payroll taxes"),
    ("sales tax we collected last month", "sales tax"),
    ("how many new customers did we sign in 2025", "won or signed"),
    ("which clients did we onboard last year", "won or signed"),
    ("gross profit per seat last quarter", "per seat"),
    ("revenue per user last month", "per user"),
])
def test_figures_not_held_are_refused_naming_them(con, cfg, question, named):
    """Each was answered with a neighbouring figure (labour cost, revenue, clients with activity, seats purchased)."""
    a = _ask(con, cfg, question)
    assert a.refused and not a.rows, (question, a.interpretation, a.rows)
    assert named in a.narrative and a.suggestions, a.narrative


@pytest.mark.parametrize("question", ["which clients did we win the most money from last quarter",
                                      "revenue by client last quarter", "hours per technician last month",
                                      "revenue during tax season"])
def test_neighbours_keep_their_reading(con, cfg, question):
    """A client won money from, a grouping "per technician", and a vague "tax season" are not the refusals above."""
    a = _ask(con, cfg, question)
    assert "taxes are not held" not in a.narrative and "won or signed" not in a.narrative \
        and "is divided by seats" not in a.narrative, (question, a.narrative)
