"""h97 F6: a cached Ask answer outlived the admins' review line.

An answer's ``provisional`` flag and its "Provisional: ..." / "Check this reading: ..." opening depend on the policy
``review_confidence``, but the answer cache was keyed by the reading, the data and the code only. After an admin
raised the line (an audited policy change, e.g. before figures go to a board), the same question was served from the
cache as a final answer, with no warning and no reason to send it for approval, until the data next changed (30
days at most). Now the review line is part of the cache key.
"""

from __future__ import annotations

from datetime import date

import moat
from moat import config
from moat.ai import engine
from moat.governance import policies
from moat.governance.permissions import User

ANALYST = User("a", "analyst")
QUESTION = "revenue by segment in October 2026"  # data confidence ~72%: above the default line of 70%


def test_raising_the_review_line_makes_a_cached_answer_provisional(demo_path, ask_config: config.Config) -> None:
    with moat.open(demo_path, user=ANALYST) as analyst:
        first = engine.ask(analyst.con, analyst.user, QUESTION, date(2026, 11, 15), config=ask_config, model=None)
        assert not first.refused and not first.provisional and first.confidence < 0.95, first.confidence
        assert engine.ask(analyst.con, analyst.user, QUESTION, date(2026, 11, 15), config=ask_config,
                          model=None).cached  # the premise: it is served from the cache
    line = round(first.confidence + 0.05, 2)
    with moat.open(demo_path) as admin:
        policies.set_value(admin.con, admin.user, "review_confidence", str(line))
    with moat.open(demo_path, user=ANALYST) as analyst:
        again = engine.ask(analyst.con, analyst.user, QUESTION, date(2026, 11, 15), config=ask_config, model=None)
        fresh = engine.ask(analyst.con, analyst.user, QUESTION, date(2026, 11, 15), False, config=ask_config,
                           model=None)
    assert fresh.provisional  # computed now, under the new line
    assert again.provisional == fresh.provisional and again.narrative == fresh.narrative  # before: cached, final
