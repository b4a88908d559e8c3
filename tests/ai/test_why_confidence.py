"""A routed "why" answer's confidence is the reading's times the data's, as every computed answer's is, and its data
part is the figure the Explain page shows for the same client and period (h125: Ask said a fixed 90% while Explain
said 94.3%; a thin client's explanation was never provisional in Ask)."""
from __future__ import annotations

import shutil
from datetime import date

from moat import db
from moat.ai.engine import ask
from moat.analytics.views import client_view
from moat.governance import policies
from moat.governance.permissions import User, local_operator
from moat.metrics.periods import Period
from tests.ai.asking import AskDemo

AS_OF = date(2027, 4, 9)
DEMO = AskDemo(seed=23, end=date(2027, 3, 31), as_of=AS_OF)
LQ = Period(date(2027, 1, 1), date(2027, 3, 31))
QUESTION = "why is Meridian Dental Group's margin so low last quarter?"


def test_a_why_answer_carries_the_explanations_own_confidence(con, cfg) -> None:
    analyst = User("ana", "analyst")
    a = ask(con, analyst, QUESTION, AS_OF, use_cache=False, config=cfg, model=None)
    assert a.route == "explain" and not a.refused and a.rows, a.narrative
    page = float(client_view(con, analyst, LQ, "Meridian Dental Group", cfg).confidence["confidence"])
    assert 0 < page < 1
    assert a.confidence_parts == {"parse": a.confidence_parts["parse"], "data": round(page, 4)}
    assert a.confidence == round(a.confidence_parts["parse"] * page, 4) < a.confidence_parts["parse"]
    viewer = ask(con, User("vic", "viewer"), QUESTION, AS_OF, use_cache=False, config=cfg, model=None)
    assert viewer.rows == a.rows and viewer.confidence_parts == a.confidence_parts  # the viewer's path scores the same


def test_a_why_answer_on_data_under_the_review_line_is_provisional_and_says_why(ask_demo_path, tmp_path, cfg) -> None:
    copy = tmp_path / "strict.duckdb"
    shutil.copy(ask_demo_path, copy)
    c = db.connect(copy)
    try:
        analyst = User("ana", "analyst")
        page = float(client_view(c, analyst, LQ, "Meridian Dental Group", cfg).confidence["confidence"])
        line = min(0.99, round(page + 0.01, 2))
        assert page < line
        policies.update(c, local_operator(), {"review_confidence": line}, cfg)
        a = ask(c, analyst, QUESTION, AS_OF, use_cache=False, config=cfg, model=None)
        assert a.route == "explain" and a.provisional and a.rows
        assert a.narrative.startswith("Provisional: the data behind this explanation scores"), a.narrative
    finally:
        c.close()
