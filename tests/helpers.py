"""Helpers for page tests: run a page with AppTest as a given role against a given database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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
    from moat.governance import user_store

    cfg = config.load()
    store = user_store.load(cfg)
    key = name.strip().lower()
    current = store.get(key)
    if current is None or current.role != role or current.disabled:
        store[key] = user_store.UserRecord(key, role, password_hash=current.password_hash if current else password_hash)
        user_store.save(cfg, store)
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


@contextmanager
def threaded_apptests() -> Iterator[None]:
    """Let AppTest sessions run in several threads at once, as sessions do in one ``streamlit run`` process.

    ``AppTest.run`` changes two process-wide things for the length of one run, and a run ending in one thread
    undoes them under a run still going in another (test-harness races, not app ones; ``streamlit run`` has neither):

    - it installs a mock of Streamlit's ``Runtime`` singleton and sets it back to None, so the other run then
      fails with "Runtime hasn't been created!". Inside this block a lookup that finds no runtime gets a shared
      mock instead.
    - it patches ``streamlit.config.get_option`` so that ``global.appTest`` is on, and puts back whatever it found
      when the run ends, which may be the real function while another run is still drawing. That run's widgets
      then skip ``save_for_app_testing`` (AppTest's record of a selectbox's ``format_func``), and the session's
      next ``run()`` fails reading it back: ``KeyError: '$$ID-...-utilization_period'`` (issue 19). Inside this
      block ``global.appTest`` is on once for the whole block and the per-run patch is left out.

    Everything the pages themselves do is unchanged.
    """
    from contextlib import nullcontext
    from unittest.mock import MagicMock, patch

    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.runtime.runtime import Runtime
    from streamlit.testing.v1 import app_test
    from streamlit.testing.v1.util import patch_config_options

    app_test_mode = {"global.appTest": True}

    def per_run_patch(overrides: dict) -> object:
        # Already in place for the whole block; anything else AppTest may ask for is patched as before.
        return nullcontext() if overrides == app_test_mode else patch_config_options(overrides)

    shared = MagicMock(spec=Runtime)
    shared.media_file_mgr = MediaFileManager(MemoryMediaFileStorage("/mock/media"))
    with patch.object(Runtime, "instance", classmethod(lambda cls: cls._instance or shared)), \
            patch.object(Runtime, "exists", classmethod(lambda cls: True)), \
            patch_config_options(app_test_mode), patch.object(app_test, "patch_config_options", per_run_patch):
        yield


def scan_components_once() -> None:
    """Make every AppTest reuse one scan of the installed Streamlit components, as a real server does.

    A fresh ``AppTest`` scans the metadata of every installed distribution for component manifests before its
    first run (0.3-1 s here, more than most of our pages take to draw); ``streamlit run`` does that once per
    process. Caching the scan's result keeps page tests and page-render benchmarks about the page, not the
    harness. The installed packages cannot change while the process runs, so the cached list stays true.
    """
    from functools import lru_cache

    from streamlit.components.v2 import manifest_scanner

    if not hasattr(manifest_scanner.scan_component_manifests, "cache_info"):
        manifest_scanner.scan_component_manifests = lru_cache(maxsize=1)(manifest_scanner.scan_component_manifests)
