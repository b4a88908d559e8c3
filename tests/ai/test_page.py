"""The Ask page: chat input, the reading, table, chart, narrative, confidence and "send for approval"."""

from __future__ import annotations

from pathlib import Path

from moat import db
from tests.helpers import run_page


def shown(at) -> str:  # everything the page wrote (markdown, plain text, captions)
    return " ".join([*(m.value for m in at.markdown), *(t.value for t in at.text), *(c.value for c in at.caption)])


def test_analyst_asks_and_sends_for_approval(app_env, demo_path: Path) -> None:
    app_env(demo_path)
    at = run_page("ask.py", "analyst")
    assert not at.exception
    at.chat_input[0].set_value("costs for Meridian Dental Group in Q3 2026").run()
    text = shown(at)
    assert "I read this as:" in text and "Meridian Dental Group" in text
    assert at.warning and "Provisional" in at.warning[0].value
    assert len(at.dataframe) == 1
    at.chat_input[0].set_value("top 3 clients by revenue in Q3 2026").run()
    assert len(at.dataframe) == 2 and len(at.get("vega_lite_chart")) == 1
    at.button(key="ask_send_0").click().run()
    assert at.success and "Sent for approval" in at.success[0].value
    assert not at.exception
    con = db.connect(demo_path)  # same configuration as the app's cached connection in this process
    try:
        assert db.scalar(con, "SELECT count(*) FROM results WHERE entity_type = 'question'") == 1
    finally:
        con.close()


def test_refusal_and_viewer(app_env, demo_path: Path) -> None:
    app_env(demo_path)
    from moat import config
    from moat.governance import policies
    from moat.governance.permissions import local_operator

    con = db.connect(demo_path)
    try:  # viewers restricted to aggregates by policy (by default they see client rows)
        policies.update(con, local_operator(), {"viewers_see_client_rows": False}, config.load())
    finally:
        con.close()
    at = run_page("ask.py", "viewer")
    at.chat_input[0].set_value("what's the weather").run()
    assert "can't answer" in shown(at)
    at.chat_input[0].set_value("top 5 clients by revenue last quarter").run()
    assert "company-level answers only" in shown(at)
    assert not at.button  # viewers cannot send for approval
    assert not at.exception


def test_partial_reading_and_routes(app_env, demo_path: Path) -> None:
    """A partial reading says what it did not use; "why" and "what should we do" point to Explain and Insights."""
    app_env(demo_path)
    at = run_page("ask.py", "analyst")
    at.chat_input[0].set_value("revenue last quarter for our premium tier").run()
    assert any("Partly understood" in w.value for w in at.warning) and "Not used: premium, tier" in shown(at)
    at.chat_input[0].set_value("why is Meridian Dental Group's margin so low last quarter?").run()
    assert "Meridian Dental Group" in shown(at)  # the link is a button opening Explain on that client (route_links)
    assert "Open Explain for Meridian Dental Group, 01 Jul 2026 to 30 Sep 2026" in [b.label for b in at.button]
    at.chat_input[0].set_value("what should we do about licence waste?").run()
    assert any(b.label.startswith("Open Insights, ") for b in at.button), [b.label for b in at.button]
    assert not at.exception
