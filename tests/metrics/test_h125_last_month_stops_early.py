"""A last month that has ended counts as whole whatever day its rows stop (``periods.covered_through``); where
coverage is reported, the pages, ``moat metrics`` and the report say when its rows stop well before its end (h125).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from moat import db, demo
from moat.export.report import build
from moat.governance.permissions import User
from moat.metrics.periods import Period, default_period
from tests.helpers import run_page
from tests.pages.checks import texts

OCTOBER = Period(date(2026, 10, 1), date(2026, 10, 31))
# The demo still dates October's invoices on the 28th (they are complete); its time entries stop on the 9th.
STOPS = ("Data for October 2026 stops early: time entries end on 09 Oct 2026. The month has ended, so it counts as a "
         "whole month; its figures are low if the rest of October is still to be loaded.")


@pytest.fixture
def stops_on_the_10th(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo's data stopping on 10 Oct 2026, read on 7 Dec 2026 (October has ended)."""
    monkeypatch.setenv("MOAT_AS_OF", "2026-12-07")
    path = tmp_path / "early.duckdb"
    con = db.connect(path)
    demo.load(con, scale=1, seed=7, end=date(2026, 10, 10))
    con.close()
    return path


def test_the_note_names_where_the_last_months_rows_stop(stops_on_the_10th: Path) -> None:
    from moat.metrics.last_month import early_stop_note

    con = db.connect(stops_on_the_10th)
    try:
        assert default_period(con) == Period(date(2026, 8, 1), date(2026, 10, 31))  # October still counts as whole
        assert early_stop_note(con, default_period(con)) == STOPS
        assert early_stop_note(con, Period(date(2026, 7, 1), date(2026, 9, 30))) is None  # October not in it
        report = build(con, User("ana", "analyst"), OCTOBER, with_charts=False)
        assert STOPS in report.notes
    finally:
        con.close()


def test_a_last_month_with_rows_to_its_end_has_no_note(demo_con) -> None:
    from moat.metrics.last_month import early_stop_note

    assert early_stop_note(demo_con, OCTOBER, as_of=date(2026, 12, 7)) is None  # time to 31 Oct, invoices 28 Oct


def test_a_running_month_is_left_to_the_partial_label(stops_on_the_10th: Path) -> None:
    from moat.metrics.last_month import early_stop_note

    con = db.connect(stops_on_the_10th)
    try:
        assert early_stop_note(con, OCTOBER, as_of=date(2026, 10, 20)) is None
    finally:
        con.close()


def test_the_cli_and_the_overview_say_it(stops_on_the_10th: Path, app_env) -> None:
    app_env(stops_on_the_10th)
    done = subprocess.run([sys.executable, "-m", "moat", "--db", str(stops_on_the_10th), "metrics", "summary",
                           "--from", "2026-10-01", "--to", "2026-10-31"], capture_output=True, text=True, check=True)
    assert STOPS in done.stderr
    at = run_page("overview.py", "analyst")
    assert not at.exception
    assert STOPS in texts(at)
