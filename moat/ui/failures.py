"""What a page says when the database is busy or failing: a short message and what to do, never a traceback.

``app.py`` runs every page inside ``shown_as_messages``. Streamlit's own stop and rerun signals pass through
(they are ``BaseException``s); any other failure is logged in full (the JSON log keeps the traceback for an admin)
and the page shows one sentence without server paths, SQL or library names.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

from moat.clock import now_utc
from moat.errors import DatabaseBusy, DiskFull, MoatError, SchemaVersionError, WriteConflict

LOG = logging.getLogger("moat.ui")
_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[\\/][\w.\- ~@+]+){2,}[\\/]?")

BUSY = ("The database is busy: another MoatMetrics process is writing to it. Wait a minute and reload the page; if "
        "it stays busy, ask an admin to stop the other process (`moat doctor` shows what holds it).")
CONFLICT = "Someone changed the same data at the same moment, so nothing was saved. Reload the page and try again."
FULL = "The disk is full, so nothing was saved. Ask an admin to free space, then try again."
NEWER = "The database was written by a newer MoatMetrics. Ask an admin to upgrade the app."


def without_paths(text: str) -> str:
    """``text`` with file-system paths replaced by "(a server path)"."""
    return _PATH.sub("(a server path)", text)


def message(err: BaseException, at: str) -> str:
    """The one sentence a page shows for ``err`` (``at``: the UTC time logged with it, for the admin)."""
    if isinstance(err, DatabaseBusy):
        return BUSY
    if isinstance(err, WriteConflict):
        return CONFLICT
    if isinstance(err, DiskFull):
        return FULL
    if isinstance(err, SchemaVersionError):
        return NEWER
    if isinstance(err, MoatError):
        hint = getattr(err, "hint", None) or "Reload the page; if it keeps failing, ask an admin to run `moat doctor`."
        return f"{without_paths(str(err).splitlines()[0])[:300]}. {without_paths(hint)[:200]}".replace("!.", "!")
    if type(err).__module__.split(".")[0] == "duckdb" or isinstance(err, OSError):
        return (f"The database could not be read just now (logged at {at} UTC). Reload the page; if it keeps failing, "
                "ask an admin to run `moat doctor`.")
    return (f"This page hit an unexpected problem (logged at {at} UTC). Reload it; if it keeps happening, tell an admin "
            "the time.")


@contextmanager
def shown_as_messages() -> Iterator[None]:
    """Run a page; turn any failure into ``message`` on the page and a full entry in the log."""
    import streamlit as st

    try:
        yield
    except Exception as err:  # the last line of defence: log everything, show one sentence
        at = now_utc().strftime("%Y-%m-%d %H:%M:%S")
        LOG.exception("page failed at %s", at)
        from moat.formatting import escape_message

        st.error(escape_message(message(err, at)), icon=":material/error:")  # may quote user or file text (h42 F3)
