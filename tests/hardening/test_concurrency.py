"""Concurrent sessions in one app process (issue 9): readers during commits, and two commits at once.

In one ``streamlit run`` process every session shares one DuckDB connection (``moat.ui.state``), each page run
on its own cursor. The tests reproduce that inside pytest: AppTest sessions run pages in threads
(``tests.helpers.threaded_apptests``), and the writer commits through a cursor of the same process-wide
connection, exactly as the Upload page does.

Several files are committed one after another, so readers drawing the Overview without pause meet many commit
instants. Each render must show the tiles of one state of the data: before the first file, after the first,
after the second... Those expected tiles are drawn beforehand by the same page on a copy where the files were
committed one at a time, and each step's difference is checked against the file itself (its hours and labour).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from moat import db
from moat.errors import MoatError
from moat.governance import audit
from moat.governance.permissions import User
from moat.ingest import pipeline
from moat.metrics.periods import default_period
from moat.metrics.summary import kpis
from tests.hardening.test_kill9 import check_consistent
from tests.helpers import ROOT, as_role, threaded_apptests

ANALYST = User("test-analyst", "analyst")
OVERVIEW_READERS = 4  # draw the Overview without pause: their tiles are checked
OTHER_READERS = 2  # draw the other pages, for errors
OTHER_PAGES = ("profitability.py", "licenses.py", "utilization.py", "insights.py")
FILES, ROWS = 6, 8000
COST_RATE = Decimal("50.00")
TIMEOUT = 120


def generated_time_entries(con: db.Connection, n: int, seed: int) -> tuple[bytes, Decimal, Decimal]:
    """A CSV of ``n`` new time entries in the Overview's default period; returns it with its hours and labour cost."""
    period = default_period(con)
    clients = [r[0] for r in db.rows(con, "SELECT client_name FROM cur_clients ORDER BY 1")]
    techs = [r[0] for r in db.rows(con, "SELECT technician_name FROM cur_technicians ORDER BY 1")]
    rng = random.Random(seed)
    days = (period.end - period.start).days + 1
    lines = ["entry_id,date,client_name,technician_name,hours,billable,work_type,cost_rate"]
    hours_total = Decimal(0)
    for i in range(n):
        hours = Decimal(rng.randint(1, 16)) / 4
        hours_total += hours
        day = period.start + timedelta(days=rng.randrange(days))
        lines.append(f"LOAD-{seed}-{i:06d},{day},{rng.choice(clients)},{rng.choice(techs)},{hours},"
                     f"{rng.choice(['true', 'false'])},remote support,{COST_RATE}")
    return ("\n".join(lines) + "\n").encode(), hours_total, hours_total * COST_RATE


def shared_cursor() -> db.Connection:
    """A cursor on the process-wide connection the AppTest sessions use (what the Upload page writes through)."""
    from moat.ui import state

    return state.connection()


def overview_tiles(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def render_overview() -> dict[str, str]:
    """The Overview's tiles on the database the environment (MOAT_DB_PATH) points at, drawn by the page itself."""
    at = as_role(AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=TIMEOUT), "analyst")
    at.run()
    assert not at.exception
    return overview_tiles(at)


def upload_files(path: Path, count: int, rows: int) -> list[bytes]:
    con = db.connect(path, read_only=True)
    try:
        return [generated_time_entries(con, rows, seed=seed)[0] for seed in range(1, count + 1)]
    finally:
        con.close()


def expected_states(template: Path, files: list[bytes], workdir: Path, app_env) -> list[dict[str, str]]:
    """The Overview's tiles before any file and after each, committed one at a time on a copy of ``template``.

    Each step is checked against its file: hours up by the file's hours, gross profit down by its labour cost.
    """
    from moat.ui import state

    copy = workdir / "states" / "moat.duckdb"
    copy.parent.mkdir(parents=True)
    shutil.copy(template, copy)
    app_env(copy)
    states = [render_overview()]
    for index, data in enumerate(files):
        cur = shared_cursor()
        before = kpis(cur, default_period(cur))
        pipeline.ingest_bytes(cur, ANALYST, data, f"load-{index}.csv")
        db.end_read_snapshot(cur)
        after = kpis(cur, default_period(cur))
        hours = sum((Decimal(line.split(",")[4]) for line in data.decode().splitlines()[1:]), Decimal(0))
        assert after["hours"] - before["hours"] == hours
        assert before["gross_profit"] - after["gross_profit"] == hours * COST_RATE
        assert after["revenue"] == before["revenue"]
        states.append(render_overview())
    state._connection.clear()  # let go of the copy
    assert len({json.dumps(s, sort_keys=True) for s in states}) == len(states)  # every state looks different
    return states


@pytest.mark.slow  # readers and a writer pausing at random between commits (sleeps)
def test_readers_see_one_state_of_the_data_never_a_mix(demo_path: Path, app_env, tmp_path: Path) -> None:
    files = upload_files(demo_path, FILES, ROWS)
    states = expected_states(demo_path, files, tmp_path, app_env)
    app_env(demo_path)  # the child's readers and writer use the original

    # The concurrent part runs in a child process: a deadlock there (such as the one ``moat.frames`` explains)
    # freezes every thread of its process, the GIL included, so only a parent can notice it and fail.
    out = tmp_path / "seen.json"
    try:
        subprocess.run([sys.executable, "-c", CHILD, str(demo_path), str(out)], cwd=ROOT, env=dict(os.environ),
                       timeout=150, check=True, capture_output=True)
    except subprocess.TimeoutExpired as err:
        raise AssertionError(f"readers and writer did not finish in {err.timeout} s: the app process deadlocked "
                             f"(stderr tail: {(err.stderr or b'')[-2000:]!r})") from None
    except subprocess.CalledProcessError as err:
        raise AssertionError(f"the child failed: {err.stderr[-3000:]!r}") from None
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["errors"] == []
    assert result["committed"] == FILES
    assert result["retries"] <= len(result["seen"]) // 10, result["retries"]  # a rare harness race, not the rule
    seen = result["seen"]
    mixed = [tiles for tiles in seen if tiles not in states]
    assert mixed == [], f"{len(mixed)} of {len(seen)} renders mixed two states of the data, e.g. {mixed[0]}"
    assert result["final"] == [states[-1]] * OVERVIEW_READERS  # renders begun after the last commit see all of it
    assert len({json.dumps(t, sort_keys=True) for t in seen}) >= 3  # the readers really overlapped the commits


CHILD = """
import json, sys
from pathlib import Path
from tests.hardening.test_concurrency import readers_and_writer
Path(sys.argv[2]).write_text(json.dumps(readers_and_writer(Path(sys.argv[1]))), encoding="utf-8")
"""


def readers_and_writer(path: Path) -> dict:
    """Readers draw pages in threads while another thread commits the files one after another.

    Runs in the child process of the test above (MOAT_* settings come from its environment). Returns the
    Overview tiles every render showed, those drawn after the last commit, the errors met and the commits made.
    """
    files = upload_files(path, FILES, ROWS)
    seen: list[dict[str, str]] = []
    final: list[dict[str, str]] = []
    errors: list[str] = []
    finished = threading.Event()
    committed = [0]
    harness_retries = [0]

    def reader(pages: tuple[str, ...], offset: int) -> None:
        try:
            sessions = {p: as_role(AppTest.from_file(str(ROOT / "pages" / p), default_timeout=TIMEOUT), "analyst")
                        for p in pages}
            turn = offset
            while True:
                last = finished.is_set()  # this render starts after the last commit returned
                page = pages[turn % len(pages)]
                turn += 1
                at = sessions[page]
                at.run()
                if not at.exception and len(at.main.children) == 0:
                    # AppTest swaps process-wide Streamlit globals per run (the Runtime, the pages manager); a run
                    # racing another session's swap now and then executes nothing at all: no title, no error. That
                    # is the harness, not the app (the 10-tab browser test drives real sessions); draw it again.
                    harness_retries[0] += 1
                    at.run()
                if at.exception:
                    errors.append(f"{page}: {[(e.message, e.stack_trace[-3:]) for e in at.exception]}")
                    return
                if page == "overview.py":
                    tiles = overview_tiles(at)
                    if not tiles:
                        errors.append(f"the Overview drew no tiles: {at.main}")
                        return
                    (final if last else seen).append(tiles)
                if last:
                    return
        except Exception as err:  # collected and asserted by the test
            errors.append(f"reader: {type(err).__name__}: {err}")

    def writer() -> None:
        try:
            while len(seen) < OVERVIEW_READERS and not errors:  # every reader has drawn the old data first
                time.sleep(0.05)
            for index, data in enumerate(files):
                report = pipeline.ingest_bytes(shared_cursor(), ANALYST, data, f"load-{index}.csv")
                committed[0] += not report["already_loaded"]
                time.sleep(random.uniform(0.0, 0.3))
        except Exception as err:
            errors.append(f"writer: {type(err).__name__}: {err}")
        finally:
            finished.set()

    threads = ([threading.Thread(target=reader, args=(("overview.py",), 0)) for _ in range(OVERVIEW_READERS)]
               + [threading.Thread(target=reader, args=(OTHER_PAGES, i)) for i in range(OTHER_READERS)]
               + [threading.Thread(target=writer)])
    with threaded_apptests():
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    return {"seen": seen, "final": final, "errors": errors, "committed": committed[0], "retries": harness_retries[0]}


# Two sessions, as in the readers above: B starts drawing while A is still running, A ends, then B draws its
# selectbox. The events arrive through each session's state, so the scripts need no module of ours.
SESSION_A = """
import streamlit as st
a_running, b_started = st.session_state["events"][:2]
a_running.set()
assert b_started.wait(30)
st.write("A done")
"""
SESSION_B = """
import streamlit as st
_, b_started, a_done = st.session_state["events"]
b_started.set()
assert a_done.wait(30)
st.selectbox("Period", ["Last 3 months", "Last 12 months"], key="utilization_period")
"""


def test_a_session_ending_leaves_the_others_in_app_test_mode() -> None:
    """The cause of ``KeyError: '$$ID-...-utilization_period'`` in the test above under load: a harness race.

    Each ``AppTest.run`` patches Streamlit's ``config.get_option`` and puts back what it found when it ends, so a
    run ending under a run still drawing switched that run out of app-test mode; its selectbox was not recorded
    for AppTest and the session's next run failed reading it back. ``threaded_apptests`` keeps app-test mode on
    for the whole block. (The app itself is not involved: ``streamlit run`` has no app-test mode.)
    """
    a_running, b_started, a_done = threading.Event(), threading.Event(), threading.Event()
    a = AppTest.from_string(SESSION_A, default_timeout=TIMEOUT)
    b = AppTest.from_string(SESSION_B, default_timeout=TIMEOUT)
    for at in (a, b):
        at.session_state["events"] = (a_running, b_started, a_done)
    failures: list[str] = []

    def run_a() -> None:
        a.run()
        a_done.set()

    def run_b() -> None:
        assert a_running.wait(30)
        b.run()
        try:
            b.run()  # the rerun reads the first run's widgets back
        except KeyError as err:
            failures.append(f"KeyError: {err}")

    with threaded_apptests():
        threads = [threading.Thread(target=run_a), threading.Thread(target=run_b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    assert not a.exception and not b.exception
    assert failures == []
    assert b.selectbox(key="utilization_period").value == "Last 3 months"


INVOICES = "invoice_number,client_name,date,amount,currency,category,status\n"


def invoice_file(tag: str, n: int, amount: Decimal) -> bytes:
    rows = [f"INV-{tag}-{i:05d},Harbor Logistics,2026-10-{1 + i % 28:02d},{amount},USD,project,paid" for i in range(n)]
    return (INVOICES + "\n".join(rows) + "\n").encode()


@pytest.mark.parametrize("rows", [1, 5000])
def test_two_sessions_commit_at_once(demo_path: Path, app_env, rows: int) -> None:
    """Both commits land, or one is refused with a MoatError saying what to do; never a raw error or a half-write."""
    app_env(demo_path)
    files = {"a": invoice_file("A", rows, Decimal("10.01")), "b": invoice_file("B", rows, Decimal("20.02"))}
    before = db.scalar(shared_cursor(), "SELECT count(*) FROM snapshots")
    barrier = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def commit(tag: str) -> None:
        cur = shared_cursor()
        try:
            options = pipeline.Options()
            prepared = pipeline.prepare(cur, ANALYST, files[tag], f"{tag}.csv", options,
                                        sha256=pipeline.file_sha256(files[tag]))
            barrier.wait()  # both commits start at the same moment
            outcome[tag] = pipeline.commit_prepared(cur, ANALYST, prepared).snapshot_id
        except Exception as err:  # classified below
            outcome[tag] = err

    threads = [threading.Thread(target=commit, args=(tag,)) for tag in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    raw = {k: f"{type(v).__module__}.{type(v).__name__}: {v}" for k, v in outcome.items()
           if isinstance(v, Exception) and not isinstance(v, MoatError)}
    assert raw == {}, f"a concurrent commit failed with a raw error: {raw}"
    landed = {k: v for k, v in outcome.items() if isinstance(v, int)}
    assert landed, outcome  # at least one of the two commits succeeded
    for tag, value in outcome.items():
        if isinstance(value, MoatError):
            assert value.hint, f"refusal of {tag} does not say what to do: {value}"

    con = shared_cursor()
    assert db.scalar(con, "SELECT count(*) FROM snapshots") == before + len(landed)
    assert audit.verify(con).ok
    for tag, snapshot_id in landed.items():
        assert db.scalar(con, "SELECT count(*) FROM invoices WHERE snapshot_id = ? AND is_current", [snapshot_id]) == rows
        assert db.scalar(con, "SELECT count(*) FROM invoices WHERE invoice_number LIKE ?", [f"INV-{tag.upper()}-%"]) == rows
    for tag in set(files) - set(landed):  # a refused commit left nothing behind
        assert db.scalar(con, "SELECT count(*) FROM invoices WHERE invoice_number LIKE ?", [f"INV-{tag.upper()}-%"]) == 0
    del con
    # the file-level invariants too (snapshot rows vs table rows, commit audit rows, current flags)
    from moat.ui import state

    state._connection.clear()  # release the process-wide connection so the file can be reopened and checked
    check_consistent(demo_path)
