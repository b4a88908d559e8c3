"""Fixtures of the page tests: the scale-1 demo as the app's database, and its default period."""

from __future__ import annotations

from pathlib import Path

import pytest

from moat import db
from moat.metrics.periods import Period, default_period


@pytest.fixture
def demo(app_env, demo_path: Path) -> Path:
    """The app (and every ``run_page``) reads a private copy of the scale-1 demo."""
    app_env(demo_path)
    return demo_path


@pytest.fixture
def demo_period(demo: Path) -> Period:
    """The pages' default period on the demo: its last three whole months."""
    con = db.connect(demo)
    try:
        return default_period(con)
    finally:
        con.close()
