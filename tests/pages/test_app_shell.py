"""The app shell (app.py): navigation by role (issue 17 point 6) and a busy or failing database shown as one
sentence and what to do, never a traceback or a server path (issue 18 point 11)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from moat.governance.permissions import User
from moat.ui import failures
from moat.ui.nav import PAGES, sections_for
from tests.conftest import ROOT
from tests.helpers import as_role

ADMIN_HEADINGS = {"Admin", "Share"}


def test_viewers_and_analysts_never_see_admin_headings() -> None:
    for role in ("viewer", "analyst"):
        sections = sections_for(User("x", role))
        assert not ADMIN_HEADINGS & set(sections), role
    viewer = {s.title: heading for heading, specs in sections_for(User("v", "viewer")).items() for s in specs}
    assert viewer["Approved results"] == "Results" and viewer["Benchmarks"] == "Results"
    analyst = {s.title: heading for heading, specs in sections_for(User("a", "analyst")).items() for s in specs}
    assert analyst["Approvals"] == "Analysis"


def test_admins_get_every_page_under_its_own_heading() -> None:
    sections = sections_for(User("ada", "admin"))
    assert sorted(s.path for specs in sections.values() for s in specs) == sorted(p.path for p in PAGES)
    assert [s.title for s in sections["Admin"]] == ["System", "Approvals", "Audit trail", "Policies", "Users"]


def test_the_menu_is_fully_expanded() -> None:
    """No "View 7 more": ``st.navigation`` is called with ``expanded=True``."""
    calls = [n for n in ast.walk(ast.parse((ROOT / "app.py").read_text(encoding="utf-8")))
             if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "navigation"]
    assert len(calls) == 1
    assert any(k.arg == "expanded" and getattr(k.value, "value", None) is True for k in calls[0].keywords)


def _texts(at: AppTest) -> list[str]:
    return [e.value for kind in ("error", "warning", "info", "markdown", "caption", "exception") for e in getattr(at, kind)]


def test_a_busy_database_shows_what_to_do(demo_path: Path, app_env, monkeypatch) -> None:
    app_env(demo_path)
    monkeypatch.setenv("MOAT_APP_DB_WAIT_S", "1")  # the app waits this long for a holder, then says it is busy
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
         "time.sleep(120)", str(demo_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        at = as_role(AppTest.from_file(str(ROOT / "app.py"), default_timeout=30), "viewer")
        at.run()
    finally:
        holder.kill()
        holder.wait()
    assert not at.exception
    assert [e.value for e in at.error] == [failures.BUSY]
    assert not any(str(demo_path.parent) in t or "Traceback" in t for t in _texts(at))


def test_a_broken_database_file_shows_no_path_or_traceback(tmp_path: Path, app_env) -> None:
    broken = tmp_path / "secret-folder" / "moat.duckdb"
    broken.parent.mkdir()
    broken.write_bytes(b"this is not a DuckDB file" * 100)
    app_env(broken)
    at = as_role(AppTest.from_file(str(ROOT / "app.py"), default_timeout=30), "viewer")
    at.run()
    assert not at.exception
    assert len(at.error) == 1
    assert not any("secret-folder" in t or "Traceback" in t or ".py" in t for t in _texts(at))


@pytest.mark.parametrize("text", ["cannot open database /srv/moat/data/moat.duckdb: IO Error", "C:\\Users\\x\\moat.duckdb x"])
def test_paths_are_removed_from_messages(text: str) -> None:
    assert "moat.duckdb" not in failures.without_paths(text)
