"""Shared fixtures: small real DuckDB files (never mocks of our own code)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from moat import db, demo

DEMO_END = date(2026, 10, 31)
ROOT = Path(__file__).resolve().parents[1]


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
        return path

    return use
