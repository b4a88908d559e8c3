"""F11: "Send for approval" on Ask files one request per answer; the answer says it is pending on every rerun.

Before: each click filed another identical request, and the "Sent" message (st.success in the button branch)
vanished with the next question, the button still offered.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from moat import db
from moat.ai.engine import ask
from moat.governance.permissions import User
from tests.helpers import run_page

QUESTION = "What was our revenue in Q3 2026?"


def approvals(path: Path) -> list[tuple]:
    con = db.connect(path)
    try:
        return db.rows(con, "SELECT a.approval_id, r.entity FROM approvals a JOIN results r USING (result_id) "
                            "WHERE a.status = 'pending_review' ORDER BY 1")
    finally:
        con.close()


def test_send_once_then_marked_pending_across_questions(demo: Path) -> None:
    at = run_page("ask.py", "analyst")
    at.chat_input(key="ask_input").set_value(QUESTION).run()
    assert not at.exception
    at.button(key="ask_send_0").click().run()
    assert not at.exception
    assert [a[1] for a in approvals(demo)] == [QUESTION]
    approval_id = approvals(demo)[0][0]
    shown = [m.value for m in at.success] + [m.value for m in at.info]
    assert any(f"(request #{approval_id}): pending review" in text for text in shown), shown
    assert not [b for b in at.button if b.key == "ask_send_0"]  # nothing left to click twice
    at.chat_input(key="ask_input").set_value("top 3 clients by revenue in Q3 2026").run()
    assert not at.exception
    assert any(f"(request #{approval_id}): pending review" in i.value for i in at.info)  # still said after the next question
    assert [b.key for b in at.button if b.key.startswith("ask_send_")] == ["ask_send_1"]
    assert len(approvals(demo)) == 1


def test_a_second_send_of_the_same_answer_is_refused(demo: Path) -> None:
    from moat.errors import MoatError
    from moat.views.ask_approval import send  # new with the fix

    analyst = User("test-analyst", "analyst")
    con = db.connect(demo)
    try:
        answer = ask(con, analyst, QUESTION)
        assert "pending review" in send(con, analyst, answer)
        with pytest.raises(MoatError, match="already pending"):
            send(con, analyst, ask(con, analyst, QUESTION))
    finally:
        con.close()
    assert len(approvals(demo)) == 1


def test_a_viewer_is_not_told_to_press_a_button_it_lacks(demo: Path) -> None:
    """F12: a Viewer has no "Send for approval"; the provisional warning says what a Viewer can do."""
    at = run_page("ask.py", "viewer")
    at.chat_input(key="ask_input").set_value("revenue of Harbor Logistics in Q3 2026 excluding licences").run()
    assert not at.exception
    provisional = [w.value for w in at.warning if w.value.startswith("Provisional")]
    assert provisional, [w.value for w in at.warning]
    assert all("ask an analyst to send it for approval" in w and "Send it for approval" not in w for w in provisional)
    assert not [b for b in at.button if b.key.startswith("ask_send_")]
