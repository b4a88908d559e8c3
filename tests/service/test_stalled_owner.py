"""An owner that is alive but slow (issue 16): 2 of 120 notebook reads failed under load in a 23-minute bench run.

Cause, reproduced with a real `moat serve` stopped by SIGSTOP: the service listened with http.server's backlog
of 5; with the owner stalled, further clients' connects were dropped, the client's 2-second connect check gave
up, concluded that no owner served the file, opened it itself and was refused as busy ("in use by moat serve").
These tests stall a real owner the same way (SIGSTOP, its listen backlog filled by real connections, as many
waiting clients fill it) and check that reads wait for it, that a stall longer than the wait says so naming the
owner (exit 4), and that a dead owner's stale file still leads to opening the database as before.

No timing is asserted: the stall lasts 3 s after the client is seen connecting (an event, not a guess), and
every bound is generous.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil

from moat.service import endpoint
from tests.service.conftest import Served

STALL_S = 3.0
_NOTEBOOK = r"""
import sys
import moat
print("opening", flush=True)
with moat.open(sys.argv[1], read_only=True) as s:
    frame = s.profitability("2026-08-01", "2026-10-31")
    print(f"remote={s.remote} rows={frame.height}", flush=True)
"""


def _fill_backlog(ep: endpoint.Endpoint) -> list[socket.socket]:
    """Connections that fill the stopped owner's accept queue, as a crowd of waiting clients does: the kernel then
    drops further connects. Opened until one is not completed within a second (the queue is full)."""
    held: list[socket.socket] = []
    for _ in range(4000):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.settimeout(1.0)
        try:
            sock.connect((ep.host, ep.port))
        except OSError:
            sock.close()
            return held
        held.append(sock)
    raise AssertionError("the owner's listen backlog never filled")


def _connecting_to(pid: int, port: int) -> bool:
    """Whether process ``pid`` has a TCP socket towards ``port`` (connecting or connected): it is asking the owner."""
    try:
        return any(c.raddr and c.raddr[1] == port for c in psutil.Process(pid).net_connections(kind="tcp"))
    except psutil.NoSuchProcess:
        return False


def _wait_until_asking(proc: subprocess.Popen[str], port: int) -> None:
    deadline = time.monotonic() + 240  # start-up imports take seconds, many more on a busy machine
    while not _connecting_to(proc.pid, port):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"the client never asked the owner (exit {proc.poll()}): {proc.communicate()}")
        time.sleep(0.05)


@contextmanager
def _stalled(served: Served, *, crowd: bool = True) -> Iterator[None]:
    """The owner stopped (SIGSTOP), with its accept queue full when ``crowd``; resumed however the block ends."""
    os.kill(served.proc.pid, signal.SIGSTOP)
    held: list[socket.socket] = []
    try:
        if crowd:
            held = _fill_backlog(served.endpoint)
        yield
    finally:
        os.kill(served.proc.pid, signal.SIGCONT)
        for sock in held:
            sock.close()


def _client(served: Served, argv: list[str], tmp_path: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(argv, cwd=tmp_path, env={**served.env, **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_a_notebook_read_waits_for_a_stalled_owner(served: Served, tmp_path: Path) -> None:
    with _stalled(served):
        proc = _client(served, [sys.executable, "-c", _NOTEBOOK, str(served.db_path)], tmp_path)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "opening"
        _wait_until_asking(proc, served.endpoint.port)
        time.sleep(STALL_S)  # the stall itself: the client is asking a stopped owner all this time
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert out.strip() == "remote=True rows=40"  # served by the owner, every client of the demo


def test_a_forwarded_read_only_command_waits_for_a_stalled_owner(served: Served, tmp_path: Path) -> None:
    with _stalled(served):
        proc = _client(served, [sys.executable, "-m", "moat", "--db", str(served.db_path), "metrics", "summary",
                                "--from", "2026-08-01", "--to", "2026-10-31", "--format", "json"], tmp_path)
        _wait_until_asking(proc, served.endpoint.port)
        time.sleep(STALL_S)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    local = served.moat("metrics", "summary", "--from", "2026-08-01", "--to", "2026-10-31", "--format", "json",
                        cwd=tmp_path)  # the same command with the owner answering at once
    assert local.returncode == 0, local.stderr
    assert json.loads(out) == json.loads(local.stdout)
    ping = served.moat("--wait", "60", "users", "list", cwd=tmp_path)  # the owner still serves afterwards
    assert ping.returncode == 0, ping.stderr


def test_a_stall_longer_than_the_wait_names_the_owner_and_exits_4(served: Served, tmp_path: Path) -> None:
    with _stalled(served, crowd=False):  # stopped: the kernel still completes connects, nothing answers
        cli = subprocess.run([sys.executable, "-m", "moat", "--db", str(served.db_path), "--wait", "2", "metrics",
                              "summary", "--from", "2026-08-01", "--to", "2026-10-31"], cwd=tmp_path,
                             env=served.env, capture_output=True, text=True, timeout=200)
        notebook = subprocess.run([sys.executable, "-c", _NOTEBOOK, str(served.db_path)], cwd=tmp_path,
                                  env={**served.env, "MOAT_APP_DB_WAIT_S": "2"}, capture_output=True, text=True,
                                  timeout=200)
    assert cli.returncode == 4, (cli.stdout, cli.stderr)
    assert f"held by moat serve (pid {served.proc.pid}" in cli.stderr
    assert "did not answer" in cli.stderr and "nothing was run" in cli.stderr and "--wait" in cli.stderr
    assert notebook.returncode != 0
    assert "OwnerNotAnswering" in notebook.stderr and f"pid {served.proc.pid}" in notebook.stderr
    assert "DatabaseBusy" not in notebook.stderr.replace("OwnerNotAnswering", "")  # not "in use": it was asked
    after = served.moat("metrics", "summary", "--from", "2026-08-01", "--to", "2026-10-31", cwd=tmp_path)
    assert after.returncode == 0, after.stderr  # resumed: served again


def test_a_dead_owners_stale_file_still_opens_the_database(served: Served, tmp_path: Path) -> None:
    served.proc.kill()  # SIGKILL: no clean-up, the endpoint file stays behind
    served.proc.wait()
    stale = endpoint.path_for(served.db_path)
    assert stale is not None and stale.is_file()
    cli = served.moat("metrics", "summary", "--from", "2026-08-01", "--to", "2026-10-31", cwd=tmp_path)
    assert cli.returncode == 0, cli.stderr
    notebook = subprocess.run([sys.executable, "-c", _NOTEBOOK, str(served.db_path)], cwd=tmp_path, env=served.env,
                              capture_output=True, text=True, timeout=300)
    assert notebook.returncode == 0, notebook.stderr
    assert notebook.stdout.split("\n")[1] == "remote=False rows=40"  # opened the file itself


def test_a_file_naming_a_live_pid_with_nothing_listening_is_stale(served: Served, tmp_path: Path) -> None:
    """A live pid of this account whose port refuses connections (its service stopped, or a reused pid): stale."""
    served.stop()
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        port = spare.getsockname()[1]  # free once closed: connects to it are refused
    endpoint.write(served.db_path, "127.0.0.1", port, endpoint.new_secret(), "moat serve")  # names this pytest pid
    cli = served.moat("metrics", "summary", "--from", "2026-08-01", "--to", "2026-10-31", cwd=tmp_path)
    endpoint.remove(served.db_path)
    assert cli.returncode == 0, cli.stderr
