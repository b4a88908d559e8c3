"""While a real `moat serve` owns the database, other processes' commands and `moat.open()` work on the same data.

Each command runs as its own process (as cron or a person would run it) against the file the service holds; the
service runs it in-process on its connection. Then the service is stopped and the file is checked directly:
every write is there once and the audit chain verifies.
"""

from __future__ import annotations

import http.client
import json
import os
import stat
import sys
import threading
from pathlib import Path

import pytest

from moat import db
from moat.governance import audit
from moat.service import endpoint

TIME_CSV = (
    "entry_id,technician_name,client_name,date,hours,billable\n"
    "SVC-1,Priya Shah,Meridian Dental Group,2026-10-27,2.5,Yes\n"
    "SVC-2,Priya Shah,Harbor Logistics,2026-10-28,1.0,No\n"
    "SVC-3,Tom Becker,Harbor Logistics,2026-10-29,4.0,Yes\n"
)


def _count(con: db.Connection, sql: str) -> int:
    return int(db.scalar(con, sql))


def test_routine_commands_and_python_work_while_the_service_holds_the_database(served, tmp_path: Path) -> None:
    st = (tmp_path / "moat.duckdb.service.json").stat()
    assert stat.S_IMODE(st.st_mode) == 0o600  # only the owner of the database can read the secret
    (tmp_path / "time.csv").write_text(TIME_CSV, encoding="utf-8")

    ingest = served.moat("ingest", "time.csv", "--json", cwd=tmp_path)  # a relative path: the client's folder
    assert ingest.returncode == 0, ingest.stderr
    report = json.loads(ingest.stdout)["files"][0]
    assert (report["rows_read"], report["rows_loaded"], report["dataset"]) == (3, 3, "time_entries")

    metrics = served.moat("metrics", "utilization", "--from", "2026-10-01", "--to", "2026-10-31", "--format", "json",
                          cwd=tmp_path)
    assert metrics.returncode == 0, metrics.stderr
    assert any(r["technician_name"] == "Priya Shah" for r in json.loads(metrics.stdout))

    ask = served.moat("ask", "which 5 clients had the lowest margin last quarter?", "--as-of", "2026-11-25",
                      "--format", "json", cwd=tmp_path)
    assert ask.returncode == 0, ask.stderr
    answer = json.loads(ask.stdout)
    assert answer["columns"][0] == "client_name" and len(answer["rows"]) == 5

    alias = served.moat("aliases", "add", "Meridian Dental Grp", "Meridian Dental Group", cwd=tmp_path)
    assert alias.returncode == 0, alias.stderr

    backup = served.moat("backup", "backups/", "--format", "json", cwd=tmp_path)
    assert backup.returncode == 0, backup.stderr
    copy_path = Path(json.loads(backup.stdout)["path"])
    assert copy_path.parent == tmp_path / "backups" and copy_path.is_file()

    restore = served.moat("restore", str(copy_path), cwd=tmp_path)
    assert restore.returncode == 4  # the one operation that needs the file to itself
    assert "moat serve" in restore.stderr and f"pid {served.proc.pid}" in restore.stderr
    assert "Traceback" not in restore.stderr

    verify = served.moat("audit", "verify", cwd=tmp_path)
    assert verify.returncode == 0, verify.stderr

    import moat

    with moat.open(served.db_path) as s:  # a notebook: the same data, through the service
        assert getattr(s, "remote", False)
        assert s.sql("SELECT count(*) AS n FROM cur_time_entries WHERE entry_id LIKE 'SVC-%'")["n"].item() == 3
        util = s.utilization("2026-10-01", "2026-10-31")
        assert util.filter(util["technician_name"] == "Priya Shah").height == 1
        assert s.user.role == "admin"

    served.stop()
    assert endpoint.read(served.db_path) is None and not (tmp_path / "moat.duckdb.service.json").exists()
    con = db.connect(served.db_path, read_only=True)
    try:
        assert _count(con, "SELECT count(*) FROM cur_time_entries WHERE entry_id LIKE 'SVC-%'") == 3
        assert _count(con, "SELECT count(*) FROM aliases WHERE alias_name = 'Meridian Dental Grp'") == 1
        actions = {r[0] for r in db.rows(con, "SELECT DISTINCT action FROM audit_log")}
        assert {"commit", "backup", "verify_audit", "alias_add", "ask"} <= actions, actions
        assert audit.verify(con).ok
    finally:
        con.close()
    copy = db.connect(copy_path, read_only=True)  # the backup saw the forwarded ingest
    try:
        assert _count(copy, "SELECT count(*) FROM cur_time_entries WHERE entry_id LIKE 'SVC-%'") == 3
    finally:
        copy.close()


def test_parallel_writers_from_several_processes_lose_nothing(served, tmp_path: Path) -> None:
    files = []
    for i in range(4):
        path = tmp_path / f"t{i}.csv"
        path.write_text("entry_id,technician_name,client_name,date,hours,billable\n" + "".join(
            f"P{i}-{j},Priya Shah,Harbor Logistics,2026-10-{10 + j:02d},1.5,Yes\n" for j in range(5)), encoding="utf-8")
        files.append(path)
    results: dict[int, object] = {}

    def run(i: int) -> None:
        results[i] = served.moat("ingest", str(files[i]), "--json", cwd=tmp_path)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    alias = served.moat("aliases", "add", "Harbour Logistics Ltd", "Harbor Logistics", cwd=tmp_path)
    for t in threads:
        t.join()
    assert alias.returncode == 0, alias.stderr
    for i in range(4):
        assert results[i].returncode == 0, results[i].stderr  # type: ignore[attr-defined]
    served.stop()
    con = db.connect(served.db_path, read_only=True)
    try:
        assert _count(con, "SELECT count(*) FROM cur_time_entries WHERE entry_id LIKE 'P_-%'") == 20
        assert _count(con, "SELECT count(*) FROM snapshots WHERE file_name LIKE 't_.csv'") == 4
        assert audit.verify(con).ok
    finally:
        con.close()


def test_a_request_without_the_secret_is_refused_and_runs_nothing(served, tmp_path: Path) -> None:
    ep = served.endpoint
    conn = http.client.HTTPConnection(ep.host, ep.port, timeout=30)
    body = json.dumps({"argv": ["aliases", "add", "Evil Corp", "Harbor Logistics"], "cwd": str(tmp_path)})
    conn.request("POST", "/v1/cli", body=body, headers={"X-Moat-Secret": "guess", "Content-Type": "application/json"})
    resp = conn.getresponse()
    assert resp.status == 403 and b"secret" in resp.read()
    conn.close()
    served.stop()
    con = db.connect(served.db_path, read_only=True)
    try:
        assert _count(con, "SELECT count(*) FROM aliases WHERE alias_name = 'Evil Corp'") == 0
    finally:
        con.close()


def test_a_forwarded_command_acts_as_its_credential_not_as_the_service(served, tmp_path: Path) -> None:
    (tmp_path / "time.csv").write_text(TIME_CSV, encoding="utf-8")
    users_file = Path(served.env["MOAT_USERS_FILE"])
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ["MOAT_USERS_FILE"] = str(users_file)
    try:
        from tests.helpers import ensure_user

        ensure_user("vera", "viewer")
    finally:
        os.environ.pop("MOAT_USERS_FILE", None)
    refused = served.moat("--user", "vera", "ingest", "time.csv", cwd=tmp_path)
    assert refused.returncode != 0 and refused.stdout == ""
    assert "vera" in refused.stderr
    served.stop()
    con = db.connect(served.db_path, read_only=True)
    try:
        assert _count(con, "SELECT count(*) FROM cur_time_entries WHERE entry_id LIKE 'SVC-%'") == 0
    finally:
        con.close()


def test_stale_endpoint_of_a_killed_service_is_ignored(demo_path: Path, tmp_path: Path) -> None:
    from tests.service.conftest import Served

    service = Served(demo_path, tmp_path)
    service.proc.kill()  # kill -9: no clean-up, the endpoint file stays behind
    service.proc.wait()
    assert (tmp_path / "moat.duckdb.service.json").exists()
    result = service.moat("metrics", "summary", "--from", "2026-08-01", "--to", "2026-10-31", cwd=tmp_path)
    assert result.returncode == 0, result.stderr  # ran on its own: the dead owner's lock is gone too
    assert "revenue" in result.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="owner-only file modes are POSIX")
def test_an_endpoint_file_others_can_read_is_not_trusted(demo_path: Path, tmp_path: Path) -> None:
    endpoint.write(demo_path, "127.0.0.1", 9, "s3cret", "test")
    assert endpoint.read(demo_path) is not None
    os.chmod(tmp_path / "moat.duckdb.service.json", 0o644)
    assert endpoint.read(demo_path) is None  # never send a credential to a file someone else could have written
