"""The audit chain: append-only rows whose hashes link; verify finds an edited, deleted or reordered row."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

import pytest

from moat import db
from moat.db import rows, scalar, transaction
from moat.errors import PermissionDenied
from moat.governance import audit
from moat.governance.permissions import User
from tests.governance.gov_util import run_cli as moat

ADMIN = User("auditor", "admin")


@pytest.fixture
def chain(empty_con):
    """Six rows written through the API, as an action and its audit row would be."""
    for i in range(6):
        with transaction(empty_con):
            audit.append(empty_con, User(f"user{i % 2}", "analyst"), "upload", f"snapshot:{i}", {"rows": i * 10, "file": f"f{i}.csv"})
    return empty_con


def test_rows_link_by_hmac_of_content_and_previous_hash(chain) -> None:
    found = rows(chain, "SELECT seq, strftime(ts, '%Y-%m-%dT%H:%M:%S.%f'), user_name, role, action, object, "
                       "CAST(details AS VARCHAR), prev_hash, hash FROM audit_log ORDER BY seq")
    assert [r[0] for r in found] == [1, 2, 3, 4, 5, 6]
    prev = "0" * 64
    for seq, ts, user, role, action, obj, details, prev_hash, digest in found:
        payload = json.dumps([seq, ts, user, role, action, obj, json.loads(details)], sort_keys=True, separators=(",", ":"))
        assert prev_hash == prev
        assert digest == hmac.new(audit.load_key(), (prev + payload).encode(), hashlib.sha256).hexdigest()
        assert digest != hashlib.sha256((prev + payload).encode()).hexdigest()  # nobody without the key can compute it
        prev = digest
    assert audit.verify(chain) == audit.Verification(True, 6)


def test_the_api_has_no_update_or_delete_path() -> None:
    public = {name for name in dir(audit) if not name.startswith("_")}
    assert not {n for n in public if any(word in n.lower() for word in ("update", "delete", "remove", "edit", "truncate"))}


def test_an_edited_row_is_found(chain) -> None:
    chain.execute("""UPDATE audit_log SET details = '{"rows": 999, "file": "f3.csv"}' WHERE seq = 4""")
    result = audit.verify(chain)
    assert (result.ok, result.first_broken_seq) == (False, 4)
    assert "edited" in result.reason


def test_an_edited_user_is_found(chain) -> None:
    chain.execute("UPDATE audit_log SET user_name = 'someone-else' WHERE seq = 2")
    assert audit.verify(chain).first_broken_seq == 2


def test_a_deleted_row_is_found(chain) -> None:
    chain.execute("DELETE FROM audit_log WHERE seq = 3")
    result = audit.verify(chain)
    assert (result.ok, result.first_broken_seq, result.rows) == (False, 4, 5)


def test_a_deleted_row_with_renumbered_successors_is_found(chain) -> None:
    """Covering the gap by renumbering does not help: row 3's successor still points at the deleted row's hash."""
    saved = rows(chain, "SELECT * FROM audit_log WHERE seq > 3 ORDER BY seq")
    chain.execute("DELETE FROM audit_log WHERE seq >= 3")
    for row in saved:
        chain.execute("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [row[0] - 1, *row[1:]])
    result = audit.verify(chain)
    assert (result.ok, result.first_broken_seq) == (False, 3)
    assert "previous-hash" in result.reason


def test_reordered_rows_are_found(chain) -> None:
    """Rows 3 and 4 swap places (each keeps its content and hashes, takes the other's sequence number)."""
    row3, row4 = rows(chain, "SELECT * FROM audit_log WHERE seq IN (3, 4) ORDER BY seq")
    chain.execute("DELETE FROM audit_log WHERE seq IN (3, 4)")
    chain.execute("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [3, *row4[1:]])
    chain.execute("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [4, *row3[1:]])
    result = audit.verify(chain)
    assert (result.ok, result.first_broken_seq) == (False, 3)


def test_entries_filter_and_search(chain) -> None:
    assert audit.entries(chain, ADMIN)["seq"].to_list() == [6, 5, 4, 3, 2, 1]
    assert audit.entries(chain, ADMIN, user_name="user1")["seq"].to_list() == [6, 4, 2]
    assert audit.entries(chain, ADMIN, search="F3.CSV")["seq"].to_list() == [4]
    assert audit.entries(chain, ADMIN, action="login").is_empty()
    assert audit.entries(chain, ADMIN, limit=2)["seq"].to_list() == [6, 5]
    today = scalar(chain, "SELECT CAST(max(ts) AS DATE)::VARCHAR FROM audit_log")
    assert audit.entries(chain, ADMIN, since=today, until=today).height == 6
    assert audit.entries(chain, ADMIN, since="2999-01-01").is_empty()
    assert audit.actions(chain) == ["upload"]
    with pytest.raises(PermissionDenied):
        audit.entries(chain, User("ana", "analyst"))


def test_cli_verify_exit_codes(tmp_path: Path, app_env) -> None:
    path = app_env(tmp_path / "a.duckdb")
    con = db.connect(path)
    for i in range(4):
        with transaction(con):
            audit.append(con, ADMIN, "policy_set", f"policy:{i}", {"n": i})
    con.close()
    ok = moat("audit", "verify")
    assert (ok.returncode, ok.stdout.strip()) == (0, "audit chain intact: 4 rows verified (recorded as audit row 5)")
    # The intact check is itself recorded (what the System page reads as the last verification), and chains on.
    listed = moat("audit", "list", "--format", "json", "--limit", "1")
    (row,) = json.loads(listed.stdout)
    assert (row["seq"], row["action"], row["object"]) == (5, "verify_audit", "audit_log")
    assert json.loads(row["details"]) == {"ok": True, "rows": 4, "first_broken_seq": None, "reason": None}
    from moat.admin import system  # the System page's "last audit verification" now reflects CLI checks too

    con = db.connect(path)
    last = system.database_state(con)["last_audit_verification"]
    con.close()
    assert last["by"] == row["user_name"] and row["user_name"].startswith("os:")  # the local operator
    assert json.loads(last["details"])["rows"] == 4
    again = moat("audit", "verify", "--format", "json")
    checked = json.loads(again.stdout)
    assert checked.pop("anchor").startswith("6-")  # the check itself is the anchored head
    assert (again.returncode, checked) == (0, {"ok": True, "rows": 5, "first_broken_seq": None, "reason": None, "recorded_seq": 6})
    con = db.connect(path)
    con.execute("UPDATE audit_log SET object = 'policy:x' WHERE seq = 2")
    con.close()
    broken = moat("audit", "verify", "--format", "json")
    assert broken.returncode == 1
    assert json.loads(broken.stdout) == {"ok": False, "rows": 6, "first_broken_seq": 2,
                                         "reason": "row content does not match its hash (edited)", "recorded_seq": None,
                                         "anchor": None}
    # Nothing is appended to a broken chain: still 6 rows, the newest still the last intact check.
    listed = moat("audit", "list", "--format", "json", "--limit", "1")
    assert [(r["seq"], r["action"]) for r in json.loads(listed.stdout)] == [(6, "verify_audit")]
    assert moat("audit", "verify").returncode == 1
    con = db.connect(path)
    assert db.scalar(con, "SELECT count(*) FROM audit_log") == 6
    con.close()
