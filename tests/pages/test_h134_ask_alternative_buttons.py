"""h134: the Ask page offers an alternative reading as a button when its words read back to that very reading
(``Answer.alternatives_verified``, checked in ``moat.ai``); clicking it asks those words and draws that reading.

h125's walkthrough left alternatives as text because asking one back read another measure ("top 5 products by licence
waste (unused seats), ..." was read as unused seat-months)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from moat import config, db
from moat.ai import engine
from moat.governance.permissions import User
from moat.ui.answer_view import ask_label
from tests.helpers import run_page

AS_OF = date(2026, 11, 25)
QUESTION = "top 5 by licence waste last quarter"  # clients assumed; products and vendors offered


def _ask(demo_path: Path, question: str) -> engine.Answer:
    con = db.connect(demo_path)
    try:
        return engine.ask(con, User("test-analyst", "analyst"), question, AS_OF, False, config=config.load(env={}))
    finally:
        con.close()


def test_a_verified_alternative_is_a_button_that_asks_it(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    first = _ask(demo_path, QUESTION)
    assert first.alternatives and first.alternatives_verified == first.alternatives, first.alternatives
    at = run_page("ask.py", "analyst")
    at.date_input(key="ask_as_of").set_value(AS_OF).run()
    at.chat_input(key="ask_input").set_value(QUESTION).run()
    assert not at.exception, [e.value for e in at.exception]
    buttons = [b for b in at.button if b.key and b.key.startswith("ask_alt_0_")]
    assert [b.label for b in buttons] == [ask_label(alt) for alt in first.alternatives]
    texts = [str(t.value) for t in at.chat_message[-1].text]
    assert not any(t.startswith("Or did you mean:") for t in texts)  # a button, not text as well

    buttons[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    chosen = first.alternatives[0]  # "top 5 products by licence waste (unused seats), 2026-08-01..2026-10-31"
    asked = [str(t.value) for t in at.chat_message[-2].text]
    drawn = [str(t.value) for t in at.chat_message[-1].text]
    assert asked == [chosen] and chosen in drawn  # the user's turn is the reading's words; the reading is drawn
    expected = _ask(demo_path, chosen)
    assert expected.interpretation == chosen and not expected.refused
    shown = at.chat_message[-1].dataframe[0].value  # the products ranked, as asking the reading's words gives them
    assert len(expected.rows) == 5 and shown.iloc[:, 0].tolist() == [row[0] for row in expected.rows]


def test_an_unverified_alternative_stays_text(demo_path: Path, app_env) -> None:
    """An answer whose alternatives are not verified draws them as text, as before (no button)."""
    from moat.ui.answer_view import answer_view

    app_env(demo_path)
    answer = _ask(demo_path, QUESTION)
    item = answer.to_dict() | {"alternatives_verified": []}
    view = answer_view(item)
    assert view.asks == [] and view.alternatives == [f"Or did you mean: {a}" for a in answer.alternatives]
    item = answer.to_dict()
    view = answer_view(item)
    assert view.asks == answer.alternatives and view.alternatives == []
