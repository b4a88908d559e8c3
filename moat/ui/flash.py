"""A message that outlives one rerun: an action's outcome, stored in the session and shown at the top of the next run.

A button's ``on_click`` callback runs before the page is drawn again, and a page that calls ``st.rerun()`` after a
change loses whatever it drew: either way the outcome ("Saved", or the error that says what to do) has to wait in
``st.session_state`` for the next run. Pages did that by hand, each with its own tuple; this is the one way.
The key is ``<page>_flash``, namespaced per page like every widget key, so one page's message never shows on another.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import streamlit as st

from moat.errors import MoatError
from moat.formatting import escape_message

Kind = Literal["success", "error", "info", "warning"]


def _key(page: str) -> str:
    return f"{page}_flash"


def later(page: str, message: str, kind: Kind = "success") -> None:
    """Keep ``message`` for the next run of ``page`` (shown once, by ``show``)."""
    st.session_state[_key(page)] = (kind, message)


def say(kind: Kind, message: object, **kwargs: object) -> None:
    """Draw ``message`` (a sentence, or a ``MoatError``) as plain text in a ``kind`` box: the one way pages show a
    message that may hold user or file text (a file name, a pack's strings, a typed value). Streamlit renders the
    boxes' text as Markdown, so it is escaped first (``moat.formatting.escape_message``; h42 F3)."""
    {"success": st.success, "error": st.error, "info": st.info, "warning": st.warning}[kind](
        escape_message(str(message)), **kwargs)


def show(page: str) -> None:
    """Draw the message kept for ``page``, if any, and forget it: shown once, where the page calls this."""
    kept = st.session_state.pop(_key(page), None)
    if kept:
        kind, message = kept
        say(kind, message)


def attempt(page: str, action: Callable[[], str]) -> bool:
    """Run ``action`` (a change through ``moat``) and keep its outcome for the next run of ``page``: the sentence it
    returns on success, the ``MoatError``'s message (which says what to do) on refusal. True when it succeeded.

    Errors other than ``MoatError`` are bugs and propagate (the app shell shows them as such).
    """
    try:
        message = action()
    except MoatError as err:
        later(page, str(err), "error")
        return False
    later(page, message)
    return True
