"""h102 F6: an unsure question ran the configured model every time it was asked, and never counted against the rate.

With a model configured, Ask lets it choose among the parser's readings (``engine._pick_reading``) before the answer
cache is looked at, and ``ask_rate_per_minute`` is checked only when an answer is computed. Asking the same unsure
question again and again was answered from the cache, one pass of the model each (a forward pass of a 1.1B model
on CPU for TinyLlama), however many the user asked that minute: the CPU class of h76 F4 and h97 F8. Now a question
whose reading the model chooses counts against the rate before the model runs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from moat import config, db
from moat.ai import engine
from moat.ai.engine import LIMITER, RateLimited
from moat.ai.model import ModelManager
from moat.governance.permissions import User

QUESTION = "hours per day in October 2026"  # partly understood: four readings for the model to choose from
AS_OF = date(2026, 11, 15)


def test_a_repeated_unsure_question_is_rate_limited(demo_con: db.Connection, ask_config: config.Config,
                                                   tiny_model: Path) -> None:
    LIMITER.reset()
    cfg = ask_config.with_(ask_rate_per_minute=2)
    model = ModelManager(str(tiny_model))
    user = User("ana", "analyst")
    first = engine.ask(demo_con, user, QUESTION, AS_OF, config=cfg, model=model)
    assert any(r.startswith("model chose reading") for r in first.reasons), first.reasons  # the premise: unsure
    assert engine.ask(demo_con, user, QUESTION, AS_OF, config=cfg, model=model).cached
    with pytest.raises(RateLimited):
        engine.ask(demo_con, user, QUESTION, AS_OF, config=cfg, model=model)
    LIMITER.reset()
