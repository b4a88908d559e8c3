"""h20 (adversary): a backup altered where it was kept was restored as "verified".

`moat restore` checked a backup's audit chain only. The chain does not hash the data, a copy has no anchor, and a
chain re-computed from scratch as plain SHA-256 (as versions before the audit key wrote it) verifies without the
key. So with write access to the backup folder one could halve every invoice, delete the newest audit rows, or
rewrite any audit row and re-chain: `restore --dry-run` said "audit chain ... verified", the restore went
through, and `moat audit verify` said "intact" afterwards. Now `moat backup` signs the file (``<backup>.sig``, an
HMAC with the audit key of its SHA-256) and a restore refuses any backup whose bytes are not the signed ones.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from moat import db
from moat.admin import backup
from moat.governance import audit
from moat.governance.permissions import User

ADMIN = User("test-admin", "admin")


def _rechain_unkeyed(con: db.Connection) -> None:
    """Recompute every link as plain SHA-256: what anyone can do without the audit key."""
    rows = con.execute("SELECT seq, strftime(ts, '%Y-%m-%dT%H:%M:%S.%f'), user_name, role, action, object, "
                       "CAST(details AS VARCHAR) FROM audit_log ORDER BY seq").fetchall()
    prev = audit.GENESIS
    for seq, ts, user, role, action, obj, details in rows:
        payload = json.dumps([seq, ts, user, role, action, obj, json.loads(details)], sort_keys=True, separators=(",", ":"))
        digest = hashlib.sha256((prev + payload).encode("utf-8")).hexdigest()
        con.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", [prev, digest, seq])
        prev = digest


def _halve_invoices_and_rechain(con: db.Connection) -> None:
    con.execute("UPDATE invoices SET amount = amount / 2")
    con.execute("UPDATE audit_log SET user_name = 'someone-else' WHERE seq = 1")
    _rechain_unkeyed(con)


def _drop_newest_audit_rows(con: db.Connection) -> None:
    newest = db.scalar(con, "SELECT max(seq) FROM audit_log")
    con.execute("DELETE FROM audit_log WHERE seq > ?", [newest - 2])


def _halve_invoices(con: db.Connection) -> None:
    con.execute("UPDATE invoices SET amount = amount / 2")


@pytest.mark.parametrize("tamper", [_halve_invoices_and_rechain, _drop_newest_audit_rows, _halve_invoices])
def test_restore_refuses_a_backup_altered_after_it_was_written(demo_con: db.Connection, tmp_path: Path, tamper) -> None:
    copy = backup.backup(demo_con, ADMIN, tmp_path / "copy.duckdb").path
    con = db.connect(copy, migrate=False)
    tamper(con)
    con.close()
    check = db.connect(copy, read_only=True)
    assert audit.verify(check).ok  # the chain alone no longer tells: this is what got through before
    check.close()
    target = tmp_path / "target.duckdb"
    with pytest.raises(backup.BackupError, match="cannot be trusted: its bytes changed"):
        backup.inspect(copy)
    with pytest.raises(backup.BackupError, match="cannot be trusted"):
        backup.restore(copy, target, ADMIN)
    with pytest.raises(backup.BackupError, match="cannot be trusted"):
        backup.restore(copy, target, ADMIN, unsigned=True)  # a signature that is there must hold
    assert not target.exists() and not list(tmp_path.glob(".*restoring"))


def test_an_untouched_backup_restores_and_an_unsigned_one_needs_the_flag(demo_con: db.Connection, tmp_path: Path) -> None:
    copy = backup.backup(demo_con, ADMIN, tmp_path / "copy.duckdb").path
    sig = copy.with_name(copy.name + ".sig")
    assert sig.is_file() and json.loads(sig.read_text())["sha256"] == hashlib.sha256(copy.read_bytes()).hexdigest()
    done = backup.restore(copy, tmp_path / "a" / "moat.duckdb", ADMIN)
    assert done["audit_rows"] >= 1

    sig.unlink()  # a backup from an older version, or one whose signature was removed
    with pytest.raises(backup.BackupError, match="no signature file") as refused:
        backup.restore(copy, tmp_path / "b" / "moat.duckdb", ADMIN)
    assert "--unsigned" in refused.value.hint
    done = backup.restore(copy, tmp_path / "b" / "moat.duckdb", ADMIN, unsigned=True)
    con = db.connect(tmp_path / "b" / "moat.duckdb", read_only=True)
    try:
        assert db.one(con, "SELECT action, details->>'unsigned' FROM audit_log ORDER BY seq DESC LIMIT 1") == ("restore", "true")
    finally:
        con.close()


def test_cli_restore_of_a_tampered_backup_exits_1_and_changes_nothing(demo_path: Path, tmp_path: Path) -> None:
    env = dict(os.environ)
    env.pop("MOAT_TOKEN", None)

    def moat(*argv: str) -> subprocess.CompletedProcess[str]:
        code = "import sys; from moat.cli import main; sys.exit(main(sys.argv[1:]))"
        return subprocess.run([sys.executable, "-c", code, *argv], env=env, capture_output=True, text=True, timeout=300)

    made = moat("--db", str(demo_path), "backup", str(tmp_path / "bk") + "/", "--format", "json")
    assert made.returncode == 0, made.stderr
    copy = Path(json.loads(made.stdout)["path"])
    con = db.connect(copy, migrate=False)
    _halve_invoices_and_rechain(con)
    con.close()
    target = tmp_path / "new.duckdb"
    dry = moat("--db", str(target), "restore", str(copy), "--dry-run")
    assert dry.returncode == 1 and "cannot be trusted" in dry.stderr, (dry.returncode, dry.stdout, dry.stderr)
    done = moat("--db", str(target), "restore", str(copy))
    assert done.returncode == 1 and "cannot be trusted" in done.stderr
    assert not target.exists()
