"""Setting ``remote_cursor_idle_s``: how long the owner keeps a cursor another app server left unused (issue 16).

A real `moat serve` reads it from its settings file (``--config``); this test process plays an app server that
went away in the middle of a transaction. Once the owner closed its cursor, the transaction's row is not there, and
a late request on that cursor is told why. With the default (15 minutes) the same pause closes nothing, so it is the
setting that did it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from moat import config, db
from moat.errors import ConfigError
from moat.service import client, remote_db
from moat.service.client import ping
from moat.service.server import Service
from tests.service.conftest import Served, service_env, wait_for_endpoint


def _held_cursors(db_path: Path) -> int:
    ep = client.live_endpoint(db_path)
    assert ep is not None
    return int(ping(ep)["remote_cursors"])


def _run(con: remote_db.RemoteConnection, sql: str) -> list[tuple]:
    """One statement on a cursor of its own, closed at once (so it is not one the owner holds afterwards)."""
    cur = con.cursor()
    try:
        return cur.execute(sql).fetchall()
    finally:
        cur.close()


def _leave_a_transaction_open(con: remote_db.RemoteConnection, tag: str) -> remote_db.RemoteConnection:
    _run(con, "CREATE TABLE idle_probe (tag VARCHAR)")
    cur = con.cursor()
    cur.execute("BEGIN TRANSACTION")
    cur.execute("INSERT INTO idle_probe VALUES (?)", [tag])
    return cur


def test_the_setting_is_declared_with_a_default_of_15_minutes_and_checked() -> None:
    assert config.load(env={}).remote_cursor_idle_s == 900.0
    assert config.load(env={"MOAT_REMOTE_CURSOR_IDLE_S": "2.5"}).remote_cursor_idle_s == 2.5
    for bad in ("0", "-5", "soon"):
        with pytest.raises(ConfigError) as err:
            config.load(env={"MOAT_REMOTE_CURSOR_IDLE_S": bad})
        assert err.value.key == "remote_cursor_idle_s"


def test_a_service_started_by_the_app_takes_the_limit_from_its_settings(tmp_path: Path, monkeypatch) -> None:
    """The app starts its service without arguments (``serve_in_background``): the limit comes from the settings
    the app process resolves (here its environment), and reaches the cursors held for other app servers."""
    monkeypatch.setenv("MOAT_REMOTE_CURSOR_IDLE_S", "42")
    con = db.connect(tmp_path / "x.duckdb")
    service = Service(con, tmp_path / "x.duckdb", owner="test")
    try:
        assert service.cursor_idle_s == 42.0
        assert service.remote_cursors().idle_s == 42.0
        assert Service(con, tmp_path / "x.duckdb", owner="test", cursor_idle_s=7).cursor_idle_s == 7.0
    finally:
        if service.cursors is not None:
            service.cursors.close_all()
        con.close()


def test_moat_serve_closes_a_gone_app_servers_cursor_after_the_configured_idle_time(demo_path: Path,
                                                                                     tmp_path: Path) -> None:
    settings = tmp_path / "moat.yaml"
    settings.write_text("remote_cursor_idle_s: 2\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "moat", "--db", str(demo_path), "serve", "--config",
                             str(settings)], cwd=tmp_path, env=service_env(tmp_path), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        ep = wait_for_endpoint(demo_path, proc)
        con = remote_db.connect(ep, str(demo_path))
        cur = _leave_a_transaction_open(con, "never committed")
        assert _held_cursors(demo_path) == 1
        deadline = time.monotonic() + 120  # the owner checks every half second; a busy machine only delays it
        while _held_cursors(demo_path) and time.monotonic() < deadline:
            time.sleep(0.25)
        assert _held_cursors(demo_path) == 0, "the owner kept the idle cursor past remote_cursor_idle_s (2 s)"
        with pytest.raises(duckdb.ConnectionException, match=r"closed after 2 s without use .*rolled back"):
            cur.execute("SELECT 1")
        assert _run(con, "SELECT count(*) FROM idle_probe") == [(0,)]  # rolled back
        con.close()
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def test_with_the_default_the_same_pause_closes_nothing(demo_path: Path, tmp_path: Path) -> None:
    served = Served(demo_path, tmp_path)
    try:
        con = remote_db.connect(served.endpoint, str(demo_path))
        cur = _leave_a_transaction_open(con, "kept")
        time.sleep(3)  # longer than the 2 s above; the default is 900 s
        assert _held_cursors(demo_path) == 1
        cur.execute("COMMIT")
        assert _run(con, "SELECT tag FROM idle_probe") == [("kept",)]
        con.close()
    finally:
        served.stop()
