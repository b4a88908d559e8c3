"""Issue 18, point 7: user-driven queries run with enforced time and memory limits; the process survives."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import moat
from moat.ai import safety
from moat.errors import UnsafeQuery
from moat.governance.permissions import User

GENEROUS_S = 240  # a bound for "it was stopped", far above the limits asked for: never a timing assertion


def test_a_memory_hungry_query_is_stopped_and_the_session_goes_on(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    with moat.open(demo_path, user=User("vera", "viewer")) as s:
        started = time.monotonic()
        with pytest.raises(UnsafeQuery, match="stopped"):
            s.sql("SELECT count(*) FROM unnest(generate_series(1, 200000000))", timeout_s=5)
        assert time.monotonic() - started < GENEROUS_S
        assert s.sql("SELECT count(*) AS n FROM cur_clients")["n"].item() == 40  # same process, same session


def test_a_long_query_is_stopped_at_its_timeout(demo_path: Path, app_env, monkeypatch: pytest.MonkeyPatch) -> None:
    """A query DuckDB's interrupt cannot reach (one huge list built and unnested), small enough for the memory cap."""
    app_env(demo_path)
    monkeypatch.setenv("MOAT_QUERY_MEMORY_MB", "4096")
    with moat.open(demo_path) as s:
        started = time.monotonic()
        with pytest.raises(UnsafeQuery, match="stopped after 1 s"):
            s.sql("SELECT count(*) FROM unnest(generate_series(1, 40000000))", timeout_s=1)
        assert time.monotonic() - started < GENEROUS_S
        assert s.sql("SELECT count(*) AS n FROM cur_invoices")["n"].item() > 0


def test_questions_run_in_a_sandbox_with_a_memory_limit(demo_con) -> None:
    box = safety.sandbox_for(demo_con)
    limit = box.instance.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    number, unit = limit.split()
    mib = float(number) * {"MiB": 1, "GiB": 1024}[unit]
    assert 900 <= mib <= 4096  # the data's copy plus query_memory_mb (1024 MB), not DuckDB's default of 80 % of RAM
    spill = box.instance.execute("SELECT current_setting('max_temp_directory_size')").fetchall()[0][0]
    assert spill == "0 bytes"  # no spilling to disk around the limit
