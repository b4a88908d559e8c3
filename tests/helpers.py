"""Helpers for page tests: run a page with AppTest as a given role against a given database."""

from __future__ import annotations

from pathlib import Path

import bcrypt
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
# Every account as_role creates has this password (hashed with few bcrypt rounds so tests stay fast).
TEST_PASSWORD = "test-password"
_TEST_HASH = bcrypt.hashpw(TEST_PASSWORD.encode(), bcrypt.gensalt(4)).decode()


def ensure_user(name: str, role: str, password_hash: str = _TEST_HASH) -> str:
    """Make sure the users file (MOAT_USERS_FILE, set by fixture app_env) holds ``name`` with ``role``, enabled.

    The app re-checks the user store on every run, so a session for a user the store lacks would end at once.
    Written directly (no audit row): this is test set-up, not a user change.
    """
    from moat import config
    from moat.governance import users

    cfg = config.load()
    store = users.load(cfg)
    key = name.strip().lower()
    current = store.get(key)
    if current is None or current.role != role or current.disabled:
        store[key] = users.UserRecord(key, role, password_hash=current.password_hash if current else password_hash)
        users.save(cfg, store)
    return key


def as_role(at: AppTest, role: str, name: str | None = None) -> AppTest:
    """Sign ``at`` in as a user of ``role`` (the governance work keeps this signature)."""
    key = ensure_user(name or f"test-{role}", role)
    at.session_state["moat_user"] = {"name": key, "role": role}
    return at


def run_page(page: str, role: str = "analyst", timeout: float = 30, name: str | None = None) -> AppTest:
    """Run ``pages/<page>`` (e.g. "overview.py") signed in as ``role``; MOAT_DB_PATH must be set (fixture app_env)."""
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=timeout)
    as_role(at, role, name)
    at.run()
    return at
