"""Per-process resources and per-session state for the Streamlit app.

One DuckDB connection per process (``st.cache_resource``), a cursor per use: DuckDB connections are not
thread-safe and every Streamlit session runs in its own thread.
"""

from __future__ import annotations

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
    return db.connect(target)


def connection() -> db.Connection:
    """A cursor on the process-wide connection (cheap; use one per page run)."""
    return _connection(str(settings().db_path)).cursor()
