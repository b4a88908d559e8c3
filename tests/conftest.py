"""Shared fixtures: small real DuckDB files (never mocks of our own code)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from moat import config, db, demo
from moat.ai.engine import LIMITER

DEMO_END = date(2026, 10, 31)
ROOT = Path(__file__).resolve().parents[1]


# Tests whose outcome depends on sleeps and kills (a process SIGKILLed after a delay, a timer that must run out,
# a writer racing a reader): marked ``slow`` here, by file or by test, so the files' owners need not edit them.
# ``make test`` and CI run them (nothing deselects ``slow``); deselect locally with ``-m "not slow"``.
# Tests in tests/hardening/test_concurrency.py and tests/system/ carry the mark themselves.
SLEEPS_AND_KILLS = {
    "tests/hardening/test_kill9.py": "SIGKILLs demo loads and DP releases after a delay",
    "tests/hardening/test_kill9_decisions.py": "SIGKILLs approval decisions and analytics runs after a delay",
    "tests/ingest/test_kill.py": "SIGKILLs an ingest inside its commit and at a moment 3 s in",
    "tests/ai/test_model.py::test_idle_and_memory_pressure_unload": "waits for the model's idle timer to unload it",
}


def pytest_configure(config: pytest.Config) -> None:
    """Every AppTest in this process reuses one scan of the installed components (see ``scan_components_once``)."""
    from tests.helpers import scan_components_once

    scan_components_once()
    # One audit key per test process (and the subprocesses it starts): the demo template's keyed audit rows must
    # verify in every copy, whichever users file a test points at; never the repository's data/ folder.
    import os
    import tempfile

    os.environ.setdefault("MOAT_AUDIT_KEY_FILE", os.path.join(tempfile.mkdtemp(prefix="moat-audit-key-"), "audit.key"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests listed in ``SLEEPS_AND_KILLS`` (a whole file or one test, any parametrisation) ``slow``."""
    for item in items:
        path = item.path.relative_to(ROOT).as_posix() if item.path.is_relative_to(ROOT) else ""
        test = f"{path}::{item.originalname}" if hasattr(item, "originalname") else ""
        if path in SLEEPS_AND_KILLS or test in SLEEPS_AND_KILLS:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scale-1 demo database built once per test worker; copy it before writing (see ``demo_path``)."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    con = db.connect(path)
    demo.load(con, scale=1, seed=7, end=DEMO_END)
    con.close()
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database for one test."""
    target = tmp_path / "moat.duckdb"
    shutil.copy(demo_template, target)
    return target


@pytest.fixture
def demo_con(demo_path: Path):
    con = db.connect(demo_path)
    yield con
    con.close()


@pytest.fixture
def empty_con(tmp_path: Path):
    con = db.connect(tmp_path / "empty.duckdb")
    yield con
    con.close()


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Point the app and CLI at a given database via the environment (returns a setter)."""

    def use(path: Path) -> Path:
        monkeypatch.setenv("MOAT_DB_PATH", str(path))
        monkeypatch.setenv("MOAT_LOG_FILE", str(tmp_path / "moat.log.jsonl"))
        monkeypatch.setenv("MOAT_USERS_FILE", str(tmp_path / "users.yaml"))
        monkeypatch.setenv("MOAT_CACHE_DIR", str(tmp_path / "cache"))
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))  # `moat login`'s token file: never the real one
        monkeypatch.delenv("MOAT_TOKEN", raising=False)
        return path

    return use


# The question engine's fixtures (tests/ai and the model-fault tests of tests/hardening).
@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random 2-layer Llama + word-level tokenizer with TinyLlama's chat template, saved like a real model."""
    from moat.ai.fixtures import build_random_llama

    return build_random_llama(tmp_path_factory.mktemp("models") / "tiny-llama", "tiny")


@pytest.fixture
def ask_config(tmp_path: Path, demo_path: Path) -> config.Config:
    LIMITER.reset()
    return config.load(db_path=str(demo_path), env={}).with_(cache_dir=str(tmp_path / "answer-cache"),
                                                              ask_rate_per_minute=1000)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One Playwright browser per test worker: Playwright's sync API cannot start a second one while the first runs
    (browser tests in tests/browser and tests/service share the "browser" xdist group, so one worker runs them all)."""
    from playwright.sync_api import sync_playwright

    from tests.browser.app_browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
