"""No raw field or enum name reaches a screen (issue 17 point 5): every page, every role, with a stored analysis
whose results wait for review, is scanned for snake_case words in its headings, texts, tile labels, pick lists
and table headers (text in `backticks` is a command to type, and is allowed)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from moat import config, db
from moat.analytics import run
from moat.governance.permissions import User
from moat.metrics.periods import default_period
from tests.conftest import ROOT
from tests.helpers import run_page

SNAKE = re.compile(r"(?<![`/\w.-])[a-z]+(?:_[a-z0-9]+)+(?![`\w.(])")
OTHERS = {"upload.py", "ask.py"}  # pages owned elsewhere (ingest, questions); checked by their own tests
PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py") if p.name not in OTHERS)


@pytest.fixture(scope="module")
def analysed(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("words") / "moat.duckdb"
    shutil.copy(demo_template, path)
    con = db.connect(path)
    run.run(con, User("ana", "analyst"), default_period(con), config.load(env={}).with_(review_confidence=1.0))
    con.close()
    return path


def shown_words(at) -> list[str]:
    texts = [e.value for kind in ("markdown", "caption", "subheader", "info", "warning", "error", "title", "success")
             for e in getattr(at, kind)]
    texts += [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    for box in [*at.selectbox, *at.multiselect]:
        texts += [box.label, *map(str, box.options)]
    for table in at.dataframe:
        config_ = json.loads(table.proto.columns or "{}")
        texts += [(config_.get(c) or {}).get("label") or f"raw:{c}" for c in table.value.columns]
    return sorted({m.group(0) for t in texts for m in SNAKE.finditer(re.sub(r"`[^`]*`", "", str(t)))})


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
@pytest.mark.parametrize("page", PAGES)
def test_pages_speak_in_words(analysed: Path, tmp_path: Path, app_env, page: str, role: str) -> None:
    path = tmp_path / "moat.duckdb"
    shutil.copy(analysed, path)
    app_env(path)
    at = run_page(page, role)
    assert not at.exception
    assert shown_words(at) == []


def test_the_scan_finds_raw_names(tmp_path: Path, app_env, analysed: Path) -> None:
    """The check can fail: a page that shows a field name or an enum value is caught."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(
        "import streamlit as st\nimport polars as pl\n"
        "st.selectbox('Kind', ['chase_unbilled'])\nst.dataframe(pl.DataFrame({'gross_margin': [0.1]}))\n"
    ).run()
    assert shown_words(at) == ["chase_unbilled", "gross_margin"]
