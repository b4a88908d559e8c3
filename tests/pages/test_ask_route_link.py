"""Ask's link to the page holding a routed answer opens that page on the answer's period and client (h125's
walkthrough: "why is Harbor Logistics' margin low" opened Explain on its own default period and on Meridian, the
worst-margin client; Insights opened on its own period)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from moat import config, db
from moat.ai import engine
from moat.governance.permissions import User
from moat.views.explain import client_names
from moat.views.route_links import route_link
from tests.helpers import run_page

AS_OF = date(2026, 11, 25)
QUESTION = "why is Harbor Logistics' margin where it is in Q2 2026?"
Q2 = (date(2026, 4, 1), date(2026, 6, 30))


def _answer(demo_path: Path, question: str) -> engine.Answer:
    con = db.connect(demo_path)
    try:
        return engine.ask(con, User("test-analyst", "analyst"), question, AS_OF, False, config=config.load(env={}))
    finally:
        con.close()


def test_the_link_carries_the_answers_period_and_client(demo_path: Path) -> None:
    answer = _answer(demo_path, QUESTION)
    assert answer.route == "explain" and answer.route_scope == {
        "start": "2026-04-01", "end": "2026-06-30", "client": "Harbor Logistics", "technician": None}
    con = db.connect(demo_path)
    try:
        from moat.metrics.periods import Period

        assert client_names(con, Period(*Q2))[0] != "Harbor Logistics"  # the premise: Explain's default is another
        link = route_link(con, "explain", answer.route_scope)
        plain = route_link(con, "insights", None)
    finally:
        con.close()
    assert link.path == "pages/explain.py"
    assert link.label == "Open Explain for Harbor Logistics, 01 Apr 2026 to 30 Jun 2026"
    assert link.state == {"explain_period": "Custom", "explain_range": Q2, "explain_what": "Client margin",
                          "explain_client": "Harbor Logistics"}
    assert plain.state == {} and plain.label == "Open Insights: every recommended action"


def test_asks_button_sets_what_explain_then_shows(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    at = run_page("ask.py", "analyst")
    at.date_input(key="ask_as_of").set_value(AS_OF).run()
    at.chat_input(key="ask_input").set_value(QUESTION).run()
    assert not at.exception, [e.value for e in at.exception]
    button = at.button(key="ask_route_0")
    assert button.label == "Open Explain for Harbor Logistics, 01 Apr 2026 to 30 Jun 2026"
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["explain_client"] == "Harbor Logistics"
    assert tuple(at.session_state["explain_range"]) == Q2
    explain = run_page("explain.py", "analyst")  # a fresh session with the values the button set
    for key in ("explain_period", "explain_range", "explain_what", "explain_client"):
        explain.session_state[key] = at.session_state[key]
    explain.run()
    assert not explain.exception, [e.value for e in explain.exception]
    assert explain.selectbox(key="explain_client").value == "Harbor Logistics"
    assert explain.selectbox(key="explain_period").value == "Custom"
    assert "01 Apr 2026 to 30 Jun 2026" in [c.value for c in explain.caption]
    assert not [w.value for w in explain.warning if "Session State" in str(w.value)]
