"""`streamlit run app.py` shares its database: once a browser opened the app, commands and notebooks use it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from moat.governance.users import DEMO_USERS
from moat.service import endpoint
from tests.browser.app_browser import ROOT, login, open_app

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_commands_and_notebooks_work_while_streamlit_serves(streamlit_server: Callable[..., str],
                                                            new_page: Callable[..., Page], demo_template: Path,
                                                            tmp_path: Path) -> None:
    db_path = tmp_path / "live" / "moat.duckdb"
    db_path.parent.mkdir()
    shutil.copy(demo_template, db_path)
    from moat.governance import audit

    # the template's audit rows are keyed with this process's audit key: the server must chain on with the same one
    url = streamlit_server(db_path, env={"MOAT_AUDIT_KEY_FILE": str(audit.key_path())})
    page = open_app(new_page(1280, 900), url)
    login(page, "admin", DEMO_USERS["admin"][1])
    deadline = time.monotonic() + 60
    ep = endpoint.read(db_path)
    while (ep is None or not endpoint.reachable(ep)) and time.monotonic() < deadline:
        time.sleep(0.2)
        ep = endpoint.read(db_path)
    assert ep is not None and ep.owner == "the MoatMetrics app"

    (tmp_path / "time.csv").write_text("entry_id,technician_name,client_name,date,hours,billable\n"
                                       "WEB-1,Priya Shah,Harbor Logistics,2026-10-30,2.0,Yes\n", encoding="utf-8")

    def moat_cli(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "moat", "--db", str(db_path), *argv], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300,
                              env={**_env(), "PYTHONPATH": str(ROOT), "MOAT_AUDIT_KEY_FILE": str(audit.key_path())})

    ingest = moat_cli("ingest", "time.csv", "--json")
    assert ingest.returncode == 0, ingest.stderr
    assert json.loads(ingest.stdout)["files"][0]["rows_loaded"] == 1
    backup = moat_cli("backup", "backups/", "--format", "json")
    assert backup.returncode == 0, backup.stderr
    restore = moat_cli("restore", json.loads(backup.stdout)["path"])
    assert restore.returncode == 4 and f"the MoatMetrics app (pid {ep.pid}" in restore.stderr

    import moat

    with moat.open(db_path) as s:
        assert s.remote
        assert s.sql("SELECT count(*) AS n FROM cur_time_entries WHERE entry_id = 'WEB-1'")["n"].item() == 1


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("MOAT_")}
