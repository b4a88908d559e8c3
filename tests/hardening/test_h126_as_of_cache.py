"""h126 F1: one question's as-of date leaked into everyone's cached answers.

Since h119 (``clock.asked_on``), whether a month has ended, and so how much of a period the data covers, is judged
as of the question's date. The answer cache was keyed by the reading, the data and the code, not by that date. Any
user (the Ask page's "Questions refer to dates as of" box, `moat ask --as-of`) asking "revenue in November 2026" as
of a day after November stored November as wholly covered; a colleague asking the same question as of a day inside
November (data up to 5 November) was then served that answer from the cache: full confidence, no "the data covers
17% of the period", a month-to-date figure presented as the month's. The as-of date is now part of the cache key.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import moat
from moat import config
from moat.ai import engine
from moat.governance.permissions import User

QUESTION = "revenue in November 2026"
AFTER, INSIDE = date(2026, 12, 15), date(2026, 11, 10)  # November ended / November running (data up to 5 Nov)


def _one_november_invoice(path: Path, folder: Path) -> None:
    file = folder / "nov.csv"
    file.write_text("Invoice Number,Customer,Invoice Date,Amount\nN-1,Harbor Logistics,2026-11-05,1000.00\n",
                    encoding="utf-8")
    with moat.open(path) as admin:
        assert admin.ingest(file)["rows_loaded"] == 1


def test_an_answer_asked_as_of_another_day_is_not_served_from_the_cache(demo_path: Path, tmp_path: Path,
                                                                         ask_config: config.Config) -> None:
    _one_november_invoice(demo_path, tmp_path)
    with moat.open(demo_path, user=User("a", "analyst")) as first:
        later = engine.ask(first.con, first.user, QUESTION, AFTER, config=ask_config, model=None)
    assert not later.refused and not any("covers" in r for r in later.reasons), later.reasons  # November has ended
    with moat.open(demo_path, user=User("b", "analyst")) as second:
        inside = engine.ask(second.con, second.user, QUESTION, INSIDE, config=ask_config, model=None)
        fresh = engine.ask(second.con, second.user, QUESTION, INSIDE, False, config=ask_config, model=None)
    assert any("the data covers 17% of the period" in r for r in fresh.reasons), fresh.reasons  # the premise
    assert not inside.cached, "served the answer asked as of 15 Dec"  # before: cached, full confidence
    assert inside.confidence == fresh.confidence < later.confidence
    assert inside.reasons == fresh.reasons and inside.provisional == fresh.provisional
    with moat.open(demo_path, user=User("a", "analyst")) as first:  # the same day still comes from the cache
        assert engine.ask(first.con, first.user, QUESTION, AFTER, config=ask_config, model=None).cached


def test_the_audit_says_which_day_a_question_was_asked_as_of(demo_path: Path, ask_config: config.Config) -> None:
    """The as-of date sets what "last month" means and how much of a period is covered; the audit row of an Ask
    answer did not say it, so an answer given as of another day could not be told from one asked today."""
    from moat import db

    with moat.open(demo_path, user=User("a", "analyst")) as analyst:
        engine.ask(analyst.con, analyst.user, "revenue last month", INSIDE, config=ask_config, model=None)
        engine.ask(analyst.con, analyst.user, "revenue last month", AFTER, config=ask_config, model=None)
        logged = db.rows(analyst.con, "SELECT details->>'as_of', details->>'cached' FROM audit_log "
                                      "WHERE action = 'ask' ORDER BY seq")
    assert logged[-2:] == [("2026-11-10", "false"), ("2026-12-15", "false")], logged
