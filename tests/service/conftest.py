"""A real `moat serve` process (no mocks) owning a private copy of the demo database, for the service tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from moat.service import endpoint

ROOT = Path(__file__).resolve().parents[2]


def service_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"MOAT_LOG_FILE": str(tmp_path / "moat.log.jsonl"), "MOAT_USERS_FILE": str(tmp_path / "users.yaml"),
                "MOAT_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)})
    env.pop("MOAT_TOKEN", None)
    env.pop("MOAT_DB_PATH", None)
    return env


def wait_for_endpoint(db_path: Path, proc: subprocess.Popen[str], timeout: float = 120.0) -> endpoint.Endpoint:
    """Poll until the service's endpoint file names a live, answering process (start-up imports take seconds)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"moat serve exited with {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
        ep = endpoint.read(db_path)
        if ep is not None and ep.pid == proc.pid and endpoint.reachable(ep):
            return ep
        time.sleep(0.2)
    raise AssertionError("moat serve did not write its endpoint file in time")


class Served:
    def __init__(self, db_path: Path, tmp_path: Path) -> None:
        self.db_path = db_path
        self.env = service_env(tmp_path)
        self.proc = subprocess.Popen([sys.executable, "-m", "moat", "--db", str(db_path), "serve"], cwd=tmp_path,
                                     env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.endpoint = wait_for_endpoint(db_path, self.proc)

    def moat(self, *argv: str, cwd: Path, stdin: str | None = None, extra_env: dict[str, str] | None = None,
             ) -> subprocess.CompletedProcess[str]:
        """``python -m moat --db DB ARGV`` in a separate process, as a user or cron would run it."""
        env = {**self.env, **(extra_env or {})}
        return subprocess.run([sys.executable, "-m", "moat", "--db", str(self.db_path), *argv], cwd=cwd, env=env,
                              input=stdin, capture_output=True, text=True, timeout=300)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def served(demo_path: Path, tmp_path: Path) -> Iterator[Served]:
    service = Served(demo_path, tmp_path)
    try:
        yield service
    finally:
        service.stop()
