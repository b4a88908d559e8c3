"""The default period of a question without one is the last three whole months ended as of the QUESTION's date.

h49 made the running month never a default (moat.metrics.periods.default_period reads moat.clock.today); the Ask
parser built its default once with today's date, so a question asked as of 2027-04-09 on data to March 2027 was
answered for Sep-Nov 2026 (the eval's dev part: 45 confidently wrong). The demo here ends after today's date on
purpose (data to 2027-03-31) so that "today" and the question's as-of date give different defaults."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from moat import config, db, demo
from moat.ai.engine import LIMITER, ask
from moat.governance.permissions import User


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory):
    path: Path = tmp_path_factory.mktemp("asof") / "m.duckdb"
    con = db.connect(path)
    demo.load(con, scale=1, seed=5, end=date(2027, 3, 31))
    LIMITER.reset()
    cfg = config.load(db_path=str(path), env={}).with_(cache_dir=str(tmp_path_factory.mktemp("asof-cache")),
                                                       ask_rate_per_minute=100000)
    yield con, cfg
    con.close()


@pytest.mark.parametrize(("as_of", "start", "end"), [
    (date(2027, 4, 9), "2027-01-01", "2027-03-31"),   # after the data: Jan-Mar 2027
    (date(2026, 12, 20), "2026-09-01", "2026-11-30"),  # inside the data: December is running, Sep-Nov
])
def test_default_period_follows_the_question_date(setup, as_of: date, start: str, end: str) -> None:
    con, cfg = setup
    answer = ask(con, User("ana", "analyst"), "what was our revenue?", as_of, use_cache=False, config=cfg, model=None)
    assert not answer.refused, answer.narrative
    expected = con.execute("SELECT sum(amount) FROM cur_invoices WHERE date BETWEEN ? AND ? AND coalesce(lower(trim("
                           "status)), '') NOT IN ('draft', 'void')", [start, end]).fetchone()[0]
    assert float(answer.value) == pytest.approx(float(expected), abs=0.01), (answer.interpretation, start, end)
