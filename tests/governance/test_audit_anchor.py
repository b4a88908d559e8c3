"""Issue 18, point 4: the keyed audit chain and its anchor find truncation and re-chaining; old chains still verify."""

from __future__ import annotations

import hashlib
import hmac
import json
import stat
from pathlib import Path

import pytest

from moat import config, db
from moat.db import rows, transaction
from moat.governance import audit
from moat.governance.permissions import User
from tests.governance.gov_util import run_cli as moat

ADMIN = User("auditor", "admin")


@pytest.fixture
def path(tmp_path: Path, app_env) -> Path:
    target = app_env(tmp_path / "a.duckdb")
    con = db.connect(target)
    for i in range(6):
        with transaction(con):
            audit.append(con, User(f"user{i % 2}", "analyst"), "upload", f"snapshot:{i}", {"rows": i})
    audit.flush_anchors()
    con.close()
    return target


def rechain(con, start: int, digest) -> None:
    """What an insider does after editing row ``start``: recompute that hash and every later one (and the links)."""
    found = con.execute("SELECT seq, strftime(ts, '%Y-%m-%dT%H:%M:%S.%f'), user_name, role, action, object, "
                        "CAST(details AS VARCHAR), prev_hash FROM audit_log ORDER BY seq").fetchall()
    prev = None
    for seq, ts, user, role, action, obj, details, _prev_hash in found:
        if seq < start:
            prev = con.execute("SELECT hash FROM audit_log WHERE seq = ?", [seq]).fetchall()[0][0]
            continue
        new = digest(prev, audit._canonical(seq, ts, user, role, action, obj, details))
        con.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", [prev, new, seq])
        prev = new


def test_deleting_the_newest_rows_is_found(path: Path) -> None:
    con = db.connect(path)
    assert audit.verify(con).ok
    con.execute("DELETE FROM audit_log WHERE seq >= 5")
    result = audit.verify(con)
    assert not result.ok and result.reason.startswith("truncated: the anchor file names row 6")
    with transaction(con):  # a later append does not anchor the truncated chain (the evidence stays)
        audit.append(con, ADMIN, "policy_set", "policy:x", {})
    audit.flush_anchors()
    assert not audit.verify(con).ok
    con.close()
    cli = moat("audit", "verify", "--format", "json")
    assert cli.returncode == 1 and "truncated" in json.loads(cli.stdout)["reason"]


def test_re_chaining_without_the_key_is_found(path: Path) -> None:
    con = db.connect(path)
    con.execute("""UPDATE audit_log SET details = '{"rows": 999}' WHERE seq = 3""")
    rechain(con, 3, lambda prev, payload: hashlib.sha256((prev + payload).encode()).hexdigest())
    result = audit.verify(con)
    assert (result.ok, result.first_broken_seq) == (False, 3)
    assert "re-computed without the key" in result.reason
    con.close()


def test_re_chaining_with_the_key_is_found_by_the_anchor_and_the_kept_value(path: Path) -> None:
    kept = moat("audit", "anchor")
    assert kept.returncode == 0
    value = kept.stdout.strip()
    assert value.startswith("6-") and len(value) == 2 + 16  # the head, row 6, and 16 hex characters of its hash
    con = db.connect(path)
    key = audit.load_key()
    con.execute("""UPDATE audit_log SET details = '{"rows": 999}' WHERE seq = 3""")
    rechain(con, 3, lambda prev, payload: hmac.new(key, (prev + payload).encode(), hashlib.sha256).hexdigest())
    result = audit.verify(con)
    assert not result.ok and result.reason.startswith("re-chained: row 6")
    # the insider also rewrites the anchor file: the value kept elsewhere still finds it
    anchor_file = audit.anchor_path(con)
    stored = json.loads(anchor_file.read_text())
    stored["hash"] = con.execute("SELECT hash FROM audit_log WHERE seq = 6").fetchall()[0][0]
    anchor_file.write_text(json.dumps(stored))
    assert audit.verify(con).ok
    checked = audit.verify(con, expect=value)
    assert not checked.ok and "expected value" in checked.reason
    con.close()
    assert moat("audit", "verify", "--expect", value).returncode == 1


def test_an_unkeyed_chain_from_an_older_version_still_verifies_and_continues_keyed(tmp_path: Path, app_env) -> None:
    path = app_env(tmp_path / "old.duckdb")
    con = db.connect(path)
    prev = audit.GENESIS
    for seq in (1, 2, 3):  # rows as the previous version wrote them: plain SHA-256, no key, no anchor
        ts, details = f"2026-11-0{seq}T10:00:00.000000", json.dumps({"n": seq})
        digest = audit._hash(prev, audit._canonical(seq, ts, "old", "admin", "policy_set", "p", details))
        con.execute("INSERT INTO audit_log VALUES (?, ?, 'old', 'admin', 'policy_set', 'p', ?, ?, ?)", [seq, ts, details, prev, digest])
        prev = digest
    assert audit.verify(con).ok
    with transaction(con):
        audit.append(con, ADMIN, "policy_set", "policy:new", {})
    assert audit.verify(con).ok and audit.load_key() is not None
    con.close()
    assert moat("audit", "verify").returncode == 0


def test_key_and_anchor_are_owner_only_files_outside_the_database(path: Path) -> None:
    con = db.connect(path)
    key_file, anchor_file = audit.key_path(config.load()), audit.anchor_path(con)
    con.close()
    for file in (key_file, anchor_file):
        assert file.exists() and stat.S_IMODE(file.stat().st_mode) == 0o600
    assert json.loads(anchor_file.read_text())["seq"] == 6
    assert not list(anchor_file.parent.glob("*.tmp"))  # written atomically: no temp file left behind
    assert [r[0] for r in rows(db.connect(path), "SELECT count(*) FROM audit_log")] == [6]
