"""h125's walkthrough of Ask: the page shows what `moat ask --format json` says about a reading, and a flagged answer
looks flagged before its numbers.

On the old page the alternatives of a risky reading ("top 5 by licence waste": clients assumed, products and vendors
offered) were drawn only when words had gone unread, so the page offered none; the assumption ledger was not drawn
at all; and the provisional flag came under the table and the narrative, without its reasons ("the data covers 41%
of the period" was only in the JSON)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from moat import config, db
from moat.ai import engine
from moat.governance.permissions import User
from moat.ui.answer_view import ask_label
from tests.helpers import run_page

AS_OF = date(2026, 11, 25)


def _asked(demo_path: Path, app_env, question: str) -> tuple[AppTest, engine.Answer]:
    app_env(demo_path)
    con = db.connect(demo_path)
    try:
        answer = engine.ask(con, User("test-analyst", "analyst"), question, AS_OF, False, config=config.load(env={}))
    finally:
        con.close()
    at = run_page("ask.py", "analyst")
    at.date_input(key="ask_as_of").set_value(AS_OF).run()
    at.chat_input(key="ask_input").set_value(question).run()
    assert not at.exception, [e.value for e in at.exception]
    return at, answer


def _drawn(at: AppTest) -> list[tuple[str, str]]:
    """The assistant's answer as drawn, in order: (element type, its text or "")."""
    out = []
    for node in at.chat_message[-1].children.values():
        out.append((node.type, str(getattr(node, "value", "")) if node.type != "dataframe" else ""))
    return out


def test_a_risky_reading_offers_its_alternatives_and_says_what_it_assumed(demo_path: Path, app_env) -> None:
    at, answer = _asked(demo_path, app_env, "top 5 by licence waste last quarter")
    assert answer.provisional and len(answer.alternatives) == 2 and not answer.ignored
    drawn = _drawn(at)
    texts = [value for kind, value in drawn if kind == "text"]
    labels = [b.label for b in at.button if b.key and b.key.startswith("ask_alt_")]
    for alternative in answer.alternatives:  # "top 5 products by licence waste (unused seats), 2026-07-01..2026-09-30"
        # h134: as text, or as a button that asks it where its words read back to it
        assert f"Or did you mean: {alternative}" in texts or ask_label(alternative) in labels
    risky = next(a for a in answer.assumptions if a["risky"])
    assert f"Check this assumption, grouping: {risky['why']}" in texts
    kinds = [kind for kind, _ in drawn]
    flag = next(i for i, (kind, value) in enumerate(drawn) if kind == "warning" and value.startswith("Provisional"))
    assert flag < kinds.index("dataframe")  # flagged before its numbers (was after the narrative)


def test_a_provisional_answer_says_why(demo_path: Path, app_env) -> None:
    at, answer = _asked(demo_path, app_env, "revenue by month for 2025")
    assert answer.provisional and any("the data covers" in r for r in answer.reasons)
    texts = [value for kind, value in _drawn(at) if kind == "text"]
    assert "Why: " + "; ".join(answer.reasons) in texts


def test_a_settled_assumption_is_listed(demo_path: Path, app_env) -> None:
    at, answer = _asked(demo_path, app_env, "how many clients do we have")
    assert [a["slot"] for a in answer.assumptions] == ["period"] and not answer.provisional
    texts = [value for kind, value in _drawn(at) if kind == "text"]
    assert "Assumed period: default period (the last 3 months with data)" in texts
    assert not [value for kind, value in _drawn(at) if kind == "warning"]  # an unflagged answer carries no flag


def test_a_why_answer_and_the_explain_page_name_the_same_parts_alike(demo_path: Path, app_env) -> None:
    """Ask's "why" table and Explain's table of the same client and period: same parts, same points, same headers
    (Explain's read "Label" where Ask's read "Component")."""
    at, answer = _asked(demo_path, app_env, "Why is Meridian Dental Group's margin so low?")
    assert answer.route == "explain"
    asked = at.dataframe[-1]
    explain = run_page("explain.py", "analyst")
    assert not explain.exception
    assert explain.selectbox(key="explain_client").value == "Meridian Dental Group"
    shown = explain.dataframe[0]

    def labels(table) -> dict[str, str]:
        import json

        return {k: v.get("label") for k, v in json.loads(table.proto.columns or "{}").items()}

    assert labels(shown)["component"] == labels(asked)["component"] == "Component"
    assert shown.value["component"].tolist() == asked.value["component"].tolist()
    assert shown.value["contribution_pts"].tolist() == asked.value["contribution_pts"].tolist()
