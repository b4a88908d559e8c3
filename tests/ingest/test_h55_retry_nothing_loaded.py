"""h55 / h43 F4: a quarantine retry that loads nothing makes no snapshot and says so; the file name stays the file's.

Each "Retry quarantined rows" click that loaded nothing made a new snapshot (re-quarantining the same rows under
it) and named it "x.csv (retry of snapshot 7) (retry of snapshot 9)". Now such a retry leaves the database's
snapshots and the rows' quarantine as they were, audits the attempt (``quarantine_retry``), and says "no snapshot";
a retry that does load rows makes a snapshot named as the file, the retry in ``details.retry_of`` and its audit row.
Through the function the Upload page calls (``moat.ingest.upload.retry_all``), ``quarantine.retry`` and the CLI.
"""

from __future__ import annotations

import json
from pathlib import Path

from moat import db
from moat.cli import main
from moat.governance.permissions import User
from moat.ingest import quarantine, upload

ANALYST = User("ana", "analyst")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def loaded_with_a_held_row(tmp_path: Path, app_env, capsys) -> Path:
    database = app_env(tmp_path / "m.duckdb")
    clients = tmp_path / "clients.csv"
    clients.write_text("Client,Segment\nAcme Corporation,legal\n", encoding="utf-8")
    time_csv = tmp_path / "time.csv"
    time_csv.write_text("Member,Company,Date,Hours,Billable\nPriya,Acme Crop,2026-10-01,1,Yes\n", encoding="utf-8")
    assert run(capsys, "--db", str(database), "ingest", str(clients))[0] == 0
    code, out, _ = run(capsys, "--db", str(database), "ingest", str(time_csv), "--json")
    assert code == 0 and json.loads(out)["files"][0]["rows_quarantined"] == 1  # "Acme Crop" is no known client
    return database


def state(database: Path) -> tuple[list[tuple], list[tuple], list[tuple]]:
    con = db.connect(database)
    try:
        return (db.rows(con, "SELECT snapshot_id, file_name FROM snapshots ORDER BY snapshot_id"),
                db.rows(con, "SELECT snapshot_id, row_number, status FROM quarantine ORDER BY quarantine_id"),
                db.rows(con, "SELECT action, object, CAST(details AS VARCHAR) FROM audit_log ORDER BY seq"))
    finally:
        con.close()


def test_a_retry_that_loads_nothing_makes_no_snapshot(tmp_path: Path, app_env, capsys) -> None:
    database = loaded_with_a_held_row(tmp_path, app_env, capsys)
    snaps, held, audit_rows = state(database)
    [(held_snapshot, _, status)] = held
    assert status == "open"

    con = db.connect(database)
    try:
        for _ in range(3):  # three clicks of "Retry quarantined rows" on the Upload page
            said = upload.retry_all(con, ANALYST)
            assert said.startswith("Retried: 0 rows loaded, 1 still quarantined.") and "no snapshot was made" in said
        report = quarantine.retry(con, ANALYST, held_snapshot)
        assert report["snapshot_id"] is None and report["rows_loaded"] == 0 and report["rows_quarantined"] == 1
        assert "no snapshot was made" in report["note"]
    finally:
        con.close()
    code, out, _ = run(capsys, "--db", str(database), "quarantine", "retry")
    assert code == 0 and f"snapshot {held_snapshot}: 1 rows retried, 0 loaded, 1 still quarantined" in out
    assert "no snapshot made" in out
    code, out, _ = run(capsys, "--db", str(database), "quarantine", "retry", "--json")
    assert code == 0 and json.loads(out)["files"][0]["snapshot_id"] is None

    after_snaps, after_held, after_audit = state(database)
    assert after_snaps == snaps and after_held == held  # no snapshot, the row still open in its own snapshot
    retries = after_audit[len(audit_rows):]
    assert len(retries) == 6 and {action for action, _, _ in retries} == {"quarantine_retry"}
    assert all(obj == f"snapshot:{held_snapshot}" and json.loads(d)["snapshot_id"] is None for _, obj, d in retries)


def test_a_retry_that_loads_keeps_the_file_name(tmp_path: Path, app_env, capsys) -> None:
    database = loaded_with_a_held_row(tmp_path, app_env, capsys)
    [(held_snapshot, _, _)] = state(database)[1]
    con = db.connect(database)
    try:
        assert "no snapshot" in upload.retry_all(con, ANALYST)  # first a retry that loads nothing
    finally:
        con.close()
    assert run(capsys, "--db", str(database), "aliases", "add", "Acme Crop", "Acme Corporation")[0] == 0
    code, out, _ = run(capsys, "--db", str(database), "quarantine", "retry", "--json")
    [report] = json.loads(out)["files"]
    assert code == 0 and report["rows_loaded"] == 1 and report["snapshot_id"] is not None
    assert report["file"] == "time.csv"

    snaps, held, audit_rows = state(database)
    assert snaps[-1] == (report["snapshot_id"], "time.csv") and len(snaps) == held_snapshot + 1
    assert [status for _, _, status in held] == ["retried"]
    con = db.connect(database)
    try:
        details = json.loads(db.scalar(con, "SELECT CAST(details AS VARCHAR) FROM snapshots WHERE snapshot_id = ?",
                                       [report["snapshot_id"]]))
        assert details["retry_of"] == held_snapshot
    finally:
        con.close()
    [commit] = [json.loads(d) for action, obj, d in audit_rows if obj == f"snapshot:{report['snapshot_id']}"]
    assert commit["retry_of"] == held_snapshot and commit["file"] == "time.csv"
