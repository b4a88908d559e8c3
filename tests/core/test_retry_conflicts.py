"""``db.retry_conflicts``: a write that keeps losing to other sessions is retried for a while, then says so.

Found by the 2-hour service run (issue 16): under a load average of 20-30, 2 of 6,636 alias writes lost ten
conflicts in about 3 s and reached the user as "try again". The retry now also lasts ``patience_s`` seconds.
"""

from __future__ import annotations

import time

import pytest

from moat import db
from moat.errors import WriteConflict


def _losing(times: int) -> tuple[list[int], object]:
    calls: list[int] = []

    def work() -> str:
        calls.append(1)
        if len(calls) <= times:
            raise WriteConflict("another session changed the same data at the same moment; nothing was written",
                                "try again")
        return "written"
    return calls, work


def test_more_than_ten_lost_conflicts_within_the_patience_still_write() -> None:
    calls, work = _losing(12)
    assert db.retry_conflicts(work, patience_s=60.0) == "written"
    assert len(calls) == 13


def test_it_gives_up_after_both_the_attempts_and_the_patience() -> None:
    calls, work = _losing(10**6)
    started = time.monotonic()
    with pytest.raises(WriteConflict, match="try again"):
        db.retry_conflicts(work, attempts=3, patience_s=0.5)
    assert len(calls) >= 3
    assert time.monotonic() - started >= 0.5


def test_other_errors_are_not_retried() -> None:
    calls: list[int] = []

    def work() -> None:
        calls.append(1)
        raise ValueError("a bug, not a conflict")
    with pytest.raises(ValueError):
        db.retry_conflicts(work)
    assert calls == [1]
