"""A second app server on a database another process owns: its connection is a client of the owner's service.

A real `moat serve` owns a copy of the demo database; this test process plays the second app server. Its
``RemoteConnection`` must behave as the owner's own cursor would (values, types, transactions, conflicts,
registered frames), and the app's pages must render and write through it (a login, a page, an alias confirm and
an upload), with every write seen by the owner and the audit chain intact afterwards.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest

from moat import db
from moat.errors import WriteConflict
from moat.service import client, endpoint, remote_db, shared
from tests.helpers import run_page

TYPED = ("SELECT 1::HUGEINT AS h, sum(x) AS s, avg(x) AS a, count(*) AS n, INTERVAL 3 DAY AS i, "
         "'{\"a\":1}'::JSON AS j, {'a': 1} AS st, map([1], [2]) AS m, [1, 2] AS l, 1.5::DECIMAL(18,2) AS d, "
         "'x'::BLOB AS b, TIME '10:00' AS t, DATE '2026-01-01' AS dt, TIMESTAMP '2026-01-01 10:00' AS ts, "
         "true AS bo, 1.5::DOUBLE AS f, NULL AS nothing, 'Ünïcode'::VARCHAR AS v, ?::DATE AS p1, ?::DECIMAL(12,2) AS p2 "
         "FROM range(5) r(x)")
PARAMS = [date(2026, 10, 31), Decimal("12.34")]


@pytest.fixture
def remote(served) -> remote_db.RemoteConnection:
    ep = client.live_endpoint(served.db_path)
    assert ep is not None and ep.pid == served.proc.pid
    con = remote_db.connect(ep, str(served.db_path))
    yield con
    con.close()


def test_values_and_types_are_those_of_duckdb_itself(remote) -> None:
    local = duckdb.connect(":memory:")
    expected = local.execute(TYPED, PARAMS).fetchall()
    got = remote.execute(TYPED, PARAMS).fetchall()
    assert got == expected
    assert [type(v) for v in got[0]] == [type(v) for v in expected[0]]  # an int stays an int, not a Decimal
    assert got[0][1] == 10 and isinstance(got[0][1], int) and got[0][4] == timedelta(days=3)
    assert [d[1] for d in remote.execute(TYPED, PARAMS).description] == [
        str(d[1]) for d in local.cursor().execute(TYPED, PARAMS).description]
    no_interval = TYPED.replace("INTERVAL 3 DAY AS i, ", "")  # polars reads no Arrow interval, either way
    assert remote.sql(no_interval, params=PARAMS).pl().equals(local.cursor().sql(no_interval, params=PARAMS).pl())
    assert remote.execute("SELECT 1 AS a UNION ALL SELECT 2").fetchone() == (1,)
    assert remote.fetchall() == [(2,)]  # fetchone then fetchall: the rest, as DuckDB does
    assert remote.execute("SELECT * FROM range(0) r(x)").fetchall() == []
    assert remote.sql("CREATE TEMP TABLE t AS SELECT 1 AS one").fetchall() == [(1,)]  # DuckDB 2: a Count relation
    assert remote.execute("INSERT INTO t VALUES (2)").fetchall() == local.execute("SELECT 1").fetchall()
    assert remote.execute("SELECT one FROM t ORDER BY one").fetchall() == [(1,), (2,)]  # the INSERT ran once


def test_data_is_the_owners(remote, served, tmp_path: Path) -> None:
    import moat

    frame = db.frame(remote, "SELECT client_name, sum(hours) AS h FROM cur_time_entries GROUP BY ALL ORDER BY 1")
    with moat.open(served.db_path) as s:  # the facade: the owner's own reading of the same data
        theirs = s.sql("SELECT client_name, sum(hours) AS h FROM cur_time_entries GROUP BY ALL ORDER BY 1")
    assert frame.height > 3 and frame.equals(theirs)
    assert db.database_identity(remote) == str(served.db_path.resolve()) + "@" + str(
        db.scalar(remote, "SELECT min(applied_at) FROM schema_version"))


def test_transactions_span_requests_and_conflicts_are_retried(remote) -> None:
    a, b = remote.cursor(), remote.cursor()
    a.execute("CREATE TABLE IF NOT EXISTS remote_probe (k INTEGER PRIMARY KEY, v INTEGER)")
    a.execute("INSERT INTO remote_probe VALUES (1, 0)")
    with db.transaction(a):
        a.execute("UPDATE remote_probe SET v = 1 WHERE k = 1")
        assert db.scalar(b, "SELECT v FROM remote_probe") == 0  # b does not see a's pending write
    assert db.scalar(b, "SELECT v FROM remote_probe") == 1
    with pytest.raises(RuntimeError), db.transaction(a):
        a.execute("UPDATE remote_probe SET v = 99 WHERE k = 1")
        raise RuntimeError("the work failed")
    assert db.scalar(b, "SELECT v FROM remote_probe") == 1  # rolled back in the owner

    # Two cursors updating the same row: the loser gets DuckDB's conflict, translated as it is locally.
    a.execute("BEGIN TRANSACTION")
    b.execute("BEGIN TRANSACTION")
    a.execute("UPDATE remote_probe SET v = v + 1 WHERE k = 1")
    with pytest.raises(duckdb.TransactionException, match="(?i)conflict"):
        b.execute("UPDATE remote_probe SET v = v + 10 WHERE k = 1")
    b.execute("ROLLBACK")
    a.execute("COMMIT")

    # And db.atomic runs the loser again: 8 threads x 5 increments, each on its own cursor, none lost.
    def bump() -> None:
        cur = remote.cursor()
        try:
            for _ in range(5):
                db.atomic(cur, lambda: cur.execute("UPDATE remote_probe SET v = v + 1 WHERE k = 1"))
        finally:
            cur.close()

    threads = [threading.Thread(target=bump) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert db.scalar(a, "SELECT v FROM remote_probe") == 2 + 40
    a.close()
    b.close()
    with pytest.raises(duckdb.ConnectionException):
        a.execute("SELECT 1")


def test_registered_frames_and_conflict_translation(remote) -> None:
    cur = remote.cursor()
    frame = pl.DataFrame({"k": [1, 2, 3], "day": [date(2026, 1, 1)] * 3, "amt": [1.5, 2.5, None]})
    cur.register("_moat_probe", frame)
    assert cur.execute("SELECT sum(k), count(amt), min(day) FROM _moat_probe").fetchall() == [(6, 2, date(2026, 1, 1))]
    cur.unregister("_moat_probe")
    with pytest.raises(duckdb.CatalogException):
        cur.execute("SELECT * FROM _moat_probe")
    assert isinstance(db._translate(duckdb.TransactionException("Conflict on tuple")), WriteConflict)
    with pytest.raises(NotImplementedError, match="not available through the MoatMetrics service"):
        cur.interrupt()
    cur.close()


def test_a_cursor_left_open_by_a_dead_client_is_closed_and_its_transaction_rolled_back(served) -> None:
    from moat.service.cursors import Cursors

    cursors = Cursors(db.connect(":memory:"), idle_s=0.0)
    reply, _ = cursors.handle({"op": "open"}, b"", "test")
    cid = reply["cursor"]
    assert "error" not in cursors.handle({"op": "execute", "cursor": cid, "sql": "BEGIN TRANSACTION"}, b"", "test")[0]
    assert cursors.reap() == 1 and len(cursors) == 0
    err = cursors.handle({"op": "execute", "cursor": cid, "sql": "SELECT 1"}, b"", "test")[0]["error"]
    assert err["type"] == "ConnectionException" and "without use" in err["message"]
    cursors.close_all()


def test_a_second_app_server_renders_logs_in_and_writes_through_the_owner(served, app_env, tmp_path: Path) -> None:
    """This process is the second app server: its pages run on a RemoteConnection to `moat serve`."""
    from moat.ingest.resolve import add_alias
    from moat.service.client import ping
    from moat.ui import state

    app_env(served.db_path)
    try:
        at = run_page("overview.py", role="admin")
        assert not at.exception, at.exception
        con = state._connection(str(served.db_path))
        assert isinstance(con, shared.Joined) and isinstance(con.current, remote_db.RemoteConnection)
        assert ping(served.endpoint)["remote_statements"] > 10  # the page's queries ran in the owner
        assert any("Gross profit" in str(m.value) or "gross" in str(m.label).lower() for m in at.metric)
        for page in ("profitability.py", "licenses.py", "utilization.py"):
            assert not run_page(page, role="analyst").exception

        # A write made here (the app's own code, on a cursor of the owner), as the signed-in user.
        from moat.governance.permissions import User

        cur = db.connect(served.db_path)  # in this process: a cursor of the remote connection
        assert isinstance(cur, remote_db.RemoteConnection)
        add_alias(cur, User("admin", "admin"), "Harbor Logistix", "Harbor Logistics")
        cur.close()
        seen = served.moat("aliases", "list", cwd=tmp_path)  # the owner's view, via a forwarded command
        assert seen.returncode == 0, seen.stderr
        assert "Harbor Logistix" in seen.stdout
        last = db.one(con.cursor(), "SELECT user_name, action FROM audit_log ORDER BY seq DESC LIMIT 1")
        assert last is not None and last[0] == "admin" and "alias" in last[1]
        verify = served.moat("audit", "verify", cwd=tmp_path)
        assert verify.returncode == 0, verify.stdout + verify.stderr
    finally:
        db.unregister_owner(served.db_path)
        state._connection.clear()


def test_when_the_owner_stops_the_second_server_takes_the_database_over(served, app_env) -> None:
    """App servers restarted one by one: the page run that was using the stopped owner fails with a message that
    says what to do, and the next one finds the file free and owns (and serves) it itself."""
    import os

    from moat.service.server import stop_background

    app_env(served.db_path)
    joined = shared.open_for_app(served.db_path, wait_s=0, owner="the MoatMetrics app")
    try:
        assert isinstance(joined, shared.Joined)
        cur = db.cursor(joined)
        assert db.scalar(cur, "SELECT count(*) FROM cur_clients") > 0
        served.stop()  # the owner goes away (a deploy restarts it)
        with pytest.raises(remote_db.OwnerGone, match="reload the page") as gone:
            db.scalar(cur, "SELECT count(*) FROM cur_clients")
        from moat.ui.failures import message

        shown = message(gone.value, "now")  # what the page says: the sentence and what to do, no server path
        assert "stopped answering" in shown and "reload the page: this app server then finds the new owner" in shown
        assert str(served.db_path) not in shown
        cur = db.connect(served.db_path)  # the next page run's cursor: this process took the file over
        assert not isinstance(cur, remote_db.RemoteConnection)
        assert db.scalar(cur, "SELECT count(*) FROM cur_clients") > 0
        cur.close()
        ep = endpoint.read(served.db_path)
        assert ep is not None and ep.pid == os.getpid()  # and it serves the others now
    finally:
        stop_background(served.db_path)
        db.unregister_owner(served.db_path)


def test_parameters_keep_their_types_and_others_are_refused_not_sent_as_text(remote) -> None:
    import uuid
    from datetime import time

    values = [b"\x00\xffraw", time(10, 30), timedelta(days=2, seconds=5), uuid.UUID(int=7), Decimal("1.10"), None]
    got = remote.execute("SELECT ?::BLOB, ?::TIME, ?::INTERVAL, ?::UUID, ?::DECIMAL(6,2), ?::INTEGER", values).fetchall()
    assert got == [tuple(values)]
    with pytest.raises(NotImplementedError, match="Path parameter"):
        remote.execute("SELECT ?", [Path("/tmp")])


def test_an_app_server_of_another_version_does_not_join(served, app_env) -> None:
    from moat.errors import SchemaVersionError

    app_env(served.db_path)
    ep = client.live_endpoint(served.db_path)
    raw = remote_db.connect(ep, str(served.db_path))
    try:  # the owner's database as a newer MoatMetrics would have migrated it
        raw.execute("INSERT INTO schema_version VALUES (?, 'future.sql', now())", [db.latest_version() + 1])
        with pytest.raises(SchemaVersionError, match="same MoatMetrics version on every app server"):
            shared.open_for_app(served.db_path, wait_s=0, owner="the MoatMetrics app")
    finally:
        raw.close()
        db.unregister_owner(served.db_path)


def test_every_page_renders_on_a_second_app_server(served, app_env) -> None:
    """Every page of the app, as an admin, on a connection that is a client of the owner (Ask copies its sandbox
    through it, the System page reads the database's files, the audit page verifies the chain)."""
    from moat.ui import state

    app_env(served.db_path)
    pages = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "pages").glob("*.py"))
    assert len(pages) >= 15
    try:
        failed, before = {}, client.ping(served.endpoint)["remote_statements"]
        for page in pages:
            at = run_page(page, role="admin", timeout=120)
            shown = [str(e.value)[:300] for e in at.exception] + [str(e.value)[:300] for e in at.error]
            if shown or not at.title:
                failed[page] = shown or ["no title drawn"]
        assert isinstance(state._connection(str(served.db_path)), shared.Joined)
        assert not failed, failed
        assert client.ping(served.endpoint)["remote_statements"] - before > 10 * len(pages)
    finally:
        db.unregister_owner(served.db_path)
        state._connection.clear()


def test_a_question_asked_on_a_second_app_server_gets_the_owners_answer(served, app_env, tmp_path: Path) -> None:
    """Ask copies the allowed tables into its sandbox through the remote connection; the answer must be the one the
    owner gives (its own `moat ask`, forwarded to it)."""
    import json

    from moat.ai import engine
    from moat.governance.permissions import User

    app_env(served.db_path)
    question = "which 5 clients had the lowest margin last quarter?"
    theirs = served.moat("ask", question, "--as-of", "2026-11-25", "--format", "json", cwd=tmp_path)
    assert theirs.returncode == 0, theirs.stderr
    expected = json.loads(theirs.stdout)
    ep = client.live_endpoint(served.db_path)
    cur = remote_db.connect(ep, str(served.db_path)).cursor()
    try:
        answer = engine.ask(cur, User("admin", "admin"), question, date(2026, 11, 25), use_cache=False,
                            model=None).to_dict()
    finally:
        cur.close()
    assert answer["columns"] == expected["columns"] and len(answer["rows"]) == 5
    assert json.loads(json.dumps(answer["rows"], default=str)) == expected["rows"]


def test_backup_from_a_second_app_server_and_restore_refused_naming_the_owner(served, app_env, tmp_path: Path) -> None:
    """The System page's "Back up now" on a second server: the owner copies its database (the ATTACH runs there) and
    the copy is checked here; a restore is refused while the owner holds the file, naming it."""
    from moat.admin import backup
    from moat.errors import DatabaseBusy
    from moat.governance.permissions import User

    app_env(served.db_path)
    joined = shared.open_for_app(served.db_path, wait_s=0, owner="the MoatMetrics app")
    try:
        cur = db.connect(served.db_path)
        result = backup.backup(cur, User("admin", "admin"), tmp_path / "copies" / "copy.duckdb")
        cur.close()
        assert result.path.is_file() and result.audit_rows > 0 and sum(result.tables.values()) > 1000
        copy = db.connect(result.path, read_only=True)
        try:
            assert db.scalar(copy, "SELECT count(*) FROM cur_clients") == db.scalar(joined.cursor(),
                                                                                  "SELECT count(*) FROM cur_clients")
        finally:
            copy.close()
        with pytest.raises(DatabaseBusy, match=f"moat serve \\(pid {served.proc.pid}"):
            backup.ensure_not_in_use(served.db_path)
    finally:
        db.unregister_owner(served.db_path)


def test_an_analysis_run_on_a_second_app_server_stores_what_the_owner_would(served, app_env, tmp_path: Path) -> None:
    """The analysis (hundreds of queries, its results registered as a frame and stored in one transaction with its
    audit row) run through the remote connection stores the same results as the owner's own run of the period."""
    from moat.analytics.run import run
    from moat.governance.permissions import User
    from moat.metrics.periods import Period

    app_env(served.db_path)
    joined = shared.open_for_app(served.db_path, wait_s=0, owner="the MoatMetrics app")
    try:
        cur = db.connect(served.db_path)
        summary = run(cur, User("admin", "admin"), Period.parse("2026-08-01", "2026-10-31"))
        cur.close()
        assert summary.results > 10
        theirs = served.moat("analytics", "run", "--from", "2026-08-01", "--to", "2026-10-31", cwd=tmp_path)
        assert theirs.returncode == 0, theirs.stderr
        check = joined.cursor()
        runs = db.rows(check, "SELECT run_id, count(*) FROM results GROUP BY run_id ORDER BY run_id DESC LIMIT 2")
        assert [n for _, n in runs] == [summary.results, summary.results]  # the owner's run, then ours
        assert runs[1][0] == summary.run_id
        ours, owners = (db.frame(check, "SELECT * EXCLUDE (run_id, result_id, created_at) FROM results WHERE run_id = ? ORDER BY ALL",
                                 [run_id]) for run_id in (summary.run_id, runs[0][0]))
        differ = [c for c in ours.columns if not ours[c].equals(owners[c])]
        assert differ == ["created_by"], differ  # ours by the signed-in admin, theirs by the CLI's operator
        assert set(ours["created_by"]) == {"admin"}
        check.close()
        verify = served.moat("audit", "verify", cwd=tmp_path)
        assert verify.returncode == 0, verify.stdout + verify.stderr
    finally:
        db.unregister_owner(served.db_path)
