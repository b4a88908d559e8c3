"""Per-process resources and per-session state for the Streamlit app.

One DuckDB connection per process (``st.cache_resource``), a cursor per use: DuckDB connections are not
thread-safe and every Streamlit session runs in its own thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from moat import config as config_mod
from moat import db


@st.cache_resource(show_spinner=False)
def _config(path_key: str) -> config_mod.Config:
    return config_mod.load()


def settings() -> config_mod.Config:
    import os

    # Keyed on the db path so tests that switch MOAT_DB_PATH get a fresh config.
    return _config(os.environ.get("MOAT_DB_PATH", "") + "|" + os.environ.get("MOAT_CONFIG", ""))


@st.cache_resource(show_spinner=False)
def _connection(target: str) -> db.Connection:
    # A scheduled `moat ingest` begun before the app: wait (setting app_db_wait_s), then share. Another app server
    # (or `moat serve`) owning the file: this one is its client (moat.service.shared).
    from moat.service.shared import open_for_app

    return open_for_app(target, wait_s=settings().app_db_wait_s, owner="the MoatMetrics app")


def connection() -> db.Connection:
    """A cursor on the process-wide connection, reading one snapshot (``db.read_snapshot``); one per page run.

    So every figure a page draws comes from the same committed data, even while another session commits an
    upload; the page's own writes go through ``db.transaction`` as everywhere else.
    """
    cur = db.read_snapshot(db.cursor(_connection(str(settings().db_path))))  # locked: sessions and the service share it
    _opened().append(cur)
    return cur


def own_cursor() -> db.Connection:
    """A cursor on the process-wide connection that no page run owns: the caller closes it.

    For work that outlives the page run, such as a download Streamlit produces when the user clicks (on another
    thread, after ``page_run`` has closed the run's cursors: reusing one failed with "Connection already closed!").
    """
    return db.cursor(_connection(str(settings().db_path)))


_run = threading.local()  # Streamlit runs each session's script in its own thread, one run at a time


def _opened() -> list[db.Connection]:
    if not hasattr(_run, "cursors"):
        _run.cursors = []
    return _run.cursors


@contextmanager
def page_run() -> Iterator[None]:
    """Around a whole script run (``app.py``): close every cursor the run opened when it ends, however it ends.

    Left to the garbage collector, each run's read snapshot stayed open for a while after the page was drawn,
    and open transactions keep DuckDB from checkpointing its write-ahead log.
    """
    try:
        yield
    finally:
        cursors, _run.cursors = _opened(), []
        for cur in cursors:
            db.end_read_snapshot(cur)
            cur.close()
