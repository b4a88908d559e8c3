"""The app's own process is the service: a page run opens the database and starts it; commands then work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from moat import db
from moat.service import endpoint
from moat.service.server import stop_background
from tests.helpers import run_page

ROOT = Path(__file__).resolve().parents[2]


def test_commands_run_in_the_app_process_while_it_serves_pages(app_env, demo_path: Path, tmp_path: Path) -> None:
    app_env(demo_path)
    try:
        at = run_page("overview.py", role="admin")
        assert not at.exception
        ep = endpoint.read(demo_path)
        assert ep is not None and ep.pid == os.getpid() and ep.owner == "the MoatMetrics app"
        (tmp_path / "time.csv").write_text(
            "entry_id,technician_name,client_name,date,hours,billable\n"
            "APP-1,Priya Shah,Harbor Logistics,2026-10-30,3.0,Yes\n", encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("MOAT_TOKEN", None)
        ingest = subprocess.run([sys.executable, "-m", "moat", "--db", str(demo_path), "ingest", "time.csv", "--json"],
                                cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert ingest.returncode == 0, ingest.stderr
        assert json.loads(ingest.stdout)["files"][0]["rows_loaded"] == 1
        # the app's next page run sees the committed row (its connection is the one that wrote it)
        at = run_page("overview.py", role="admin")
        assert not at.exception
        con = db.connect(demo_path)  # in the serving process: a cursor of the app's own connection
        try:
            assert db.scalar(con, "SELECT count(*) FROM cur_time_entries WHERE entry_id = 'APP-1'") == 1
        finally:
            con.close()
    finally:
        stop_background(demo_path)
    assert endpoint.read(demo_path) is None
