"""h55 / h42 F13: ``ask_rate_per_minute`` holds across processes: separate ``moat ask`` runs share one count.

The limit was an in-memory window per process, so each CLI run (and each app server) started afresh. Now the
count is the user's computed questions of the last minute in the audit trail of the database. Separate
``python -m moat ask`` processes are run with a limit of 1; no sleep, no timing assumption: the second run must be
refused whenever it finished within the minute after the first question's audit row (the refusal is checked
before the run ends), and the test says so and stops otherwise (a machine too slow to show the window).
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import moat
from moat import db
from moat.ai.engine import RateLimited
from tests.governance.gov_util import make_users

AS_OF = "2026-11-25"


def ask_cli(database: Path, question: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MOAT_ASK_RATE_PER_MINUTE": "1"}
    return subprocess.run([sys.executable, "-m", "moat", "--db", str(database), "ask", question, "--as-of", AS_OF,
                           "--no-cache", "--format", "json"], capture_output=True, text=True, env=env, cwd=cwd)


def asks(database: Path) -> list[tuple[str, datetime, str]]:
    con = db.connect(database)
    try:
        return db.rows(con, "SELECT user_name, ts, details->>'cached' FROM audit_log WHERE action = 'ask' ORDER BY seq")
    finally:
        con.close()


def test_separate_cli_runs_share_the_limit(demo_path: Path, app_env, tmp_path: Path) -> None:
    app_env(demo_path)
    first = ask_cli(demo_path, "revenue last month", tmp_path)
    assert first.returncode == 0, first.stderr
    [(operator, asked_at, cached)] = asks(demo_path)
    assert cached == "false"

    second = ask_cli(demo_path, "gross profit last month", tmp_path)  # another process, another question
    finished = datetime.now(UTC).replace(tzinfo=None)
    if (finished - asked_at).total_seconds() >= 55:
        pytest.skip("the machine took a minute between two runs: the window cannot be shown here")
    assert second.returncode != 0 and second.stdout == ""
    assert f"{operator} asked more than 1 questions in the last minute" in second.stderr
    assert "ask_rate_per_minute" in second.stderr and "Traceback" not in second.stderr
    assert len(asks(demo_path)) == 1  # the refused question ran nothing and wrote no answer

    # the limit is per user: another account on the same database is not held back by the operator's count,
    # and an in-process session of the operator (a notebook, an app server) is held back by the CLI's question
    env = {"MOAT_ASK_RATE_PER_MINUTE": "1"}
    os.environ.update(env)
    try:
        con = db.connect(demo_path)
        try:
            make_users(con, ("bob", "analyst"))
        finally:
            con.close()
        with moat.open(demo_path, user="bob", password="bob-password") as bob:
            assert bob.user.name == "bob"
            assert not bob.ask("hours last month", as_of=date(2026, 11, 25)).refused
        with moat.open(demo_path) as own:
            assert own.user.name == operator
            if (datetime.now(UTC).replace(tzinfo=None) - asked_at).total_seconds() < 55:
                with pytest.raises(RateLimited):
                    own.ask("costs last month", as_of=date(2026, 11, 25))
    finally:
        for name in env:
            os.environ.pop(name, None)


def test_cache_hits_and_refusals_do_not_count(demo_path: Path, app_env, tmp_path: Path) -> None:
    app_env(demo_path)
    refused = ask_cli(demo_path, "what's the weather", tmp_path)
    assert refused.returncode == 0 and '"refused": true' in refused.stdout
    answered = ask_cli(demo_path, "revenue last month", tmp_path)
    assert answered.returncode == 0, answered.stderr
    assert [cached for _, _, cached in asks(demo_path)] == ["false", "false"]
