"""The question-engine tests' one way to ask a demo built on given dates.

A test module declares the demo it asks as ``DEMO = AskDemo(seed=..., end=..., as_of=...)`` and takes the module-scoped
``con`` and ``cfg`` fixtures below; it asks with ``asking.ask_as(con, cfg, question, DEMO.as_of)``. Each demo is built
once per test process and every module gets its own copy (asking writes its audit and rate rows), so a dozen modules on
the same dates no longer build a dozen demos. A module that defines its own ``con`` / ``cfg`` keeps them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from moat import config, db
from moat.ai.engine import LIMITER
from tests.ai.asking import AskDemo, demo_template


@pytest.fixture(scope="module")
def ask_demo_path(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the module's ``DEMO`` database."""
    wanted: AskDemo = request.module.DEMO
    target = tmp_path_factory.mktemp(f"ask-{request.module.__name__.rsplit('.', 1)[-1]}") / "demo.duckdb"
    shutil.copy(demo_template(wanted, tmp_path_factory), target)
    return target


@pytest.fixture(scope="module")
def con(ask_demo_path: Path) -> Iterator:
    c = db.connect(ask_demo_path)
    yield c
    c.close()


@pytest.fixture(scope="module")
def cfg(ask_demo_path: Path, tmp_path_factory: pytest.TempPathFactory) -> config.Config:
    """The engine's settings on that copy: its own answer cache, no rate limit in the way."""
    LIMITER.reset()
    return config.load(db_path=str(ask_demo_path), env={}).with_(
        cache_dir=str(tmp_path_factory.mktemp("ask-cache")), ask_rate_per_minute=100000)
