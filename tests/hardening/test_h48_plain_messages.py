"""h48 / h42 F3: a peer's crafted benchmark pack (or its file name) was rendered as Markdown by the Benchmarks
page's ``st.error(str(err))``: an external image (a beacon) and a phishing link in the admin's browser. Pages now
show every error and message that may hold user or file text through ``moat.ui.flash.say`` (and the app shell's
``failures``), which escapes it (``moat.formatting.escape_message``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from moat import db
from moat.errors import MoatError
from moat.formatting import escape_message
from moat.governance.permissions import User
from moat.views import benchmarks

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "![x](http://evil.example/beacon.png) [Sign in again](http://evil.example/login) <img src=x> $x$ :red[y]"
# Markdown that would act: an image or link, raw HTML, LaTeX, a Streamlit directive, an autolinked address
ACTIVE = re.compile(r"(?<!\\)!?(?<!\\)\[[^\]]*(?<!\\)\]\(|(?<!\\)<img|(?<!\\)\$x(?<!\\)\$|:red(?<!\\)\[|(?<!\\)://")


def test_the_hostile_text_is_active_markdown_until_escaped() -> None:
    assert ACTIVE.search(HOSTILE)  # the premise
    shown = escape_message(HOSTILE)
    assert not ACTIVE.search(shown), shown
    assert shown.replace("\\", "") == HOSTILE  # read back, it is the text as typed
    assert escape_message("run `moat doctor`; policy dp_budget\nHint: x") == "run `moat doctor`; policy dp_budget  \nHint: x"


def test_a_message_line_break_is_kept_on_screen() -> None:
    """h103: Markdown draws a lone newline as a space, so every refusal read "a request needs a reason Hint: say
    what ..." as one run-on line. Each line break is a hard break (two spaces before it) and the hint is a line of
    its own; several breaks in a row stay one paragraph break, never a trailing-space line of its own."""
    assert escape_message("a request needs a reason\nHint: say why") == "a request needs a reason  \nHint: say why"
    assert escape_message("one\n\ntwo") == "one\n\ntwo"
    assert escape_message("one  \ntwo") == "one  \ntwo"


def test_a_crafted_pack_name_reaches_the_page_escaped(demo_con: db.Connection) -> None:
    with pytest.raises(MoatError) as refused:
        benchmarks.import_pack(demo_con, User("ada", "admin"), b'{"not": "a pack"}', f"{HOSTILE}.json")
    assert ACTIVE.search(str(refused.value))  # the refusal quotes the file name

    def page(message: str) -> None:
        from moat.ui import flash

        flash.say("error", message)

    at = AppTest.from_function(page, kwargs={"message": str(refused.value)}).run()
    assert not at.exception
    assert not ACTIVE.search(at.error[0].value), at.error[0].value


def test_no_page_draws_an_error_as_markdown() -> None:
    """Every ``st.error/st.warning/st.info/st.success`` of an exception's text goes through ``flash.say``."""
    raw = re.compile(r"st\.(error|warning|info|success)\(\s*str\(")
    found = [f"{p.relative_to(ROOT)}:{n}" for p in [*(ROOT / "pages").glob("*.py"), *(ROOT / "moat" / "ui").glob("*.py")]
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if raw.search(line)]
    assert not found, found
