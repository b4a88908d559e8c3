"""The signature a backup carries: ``<backup>.sig`` beside it, an HMAC (the audit key) of the file's SHA-256.

Why: a backup is often kept where more people can write than can write the database (a shared drive, a bucket).
Its audit chain alone did not prove it unaltered: the chain does not hash the data (halving every invoice in a
copy left it "verified"), a copy has no anchor (its newest audit rows could be deleted), and a chain re-computed
from scratch as plain SHA-256 (as versions before the audit key wrote it) verified without any key. The
signature binds the exact bytes `moat backup` wrote to this install's audit key, so a restore refuses any change.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

SUFFIX = ".sig"
SCHEMA = "moat.backup_signature"


def path_for(backup: str | Path) -> Path:
    backup = Path(backup)
    return backup.with_name(backup.name + SUFFIX)


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _mac(key: bytes, sha256: str, size: int) -> str:
    return hmac.new(key, f"{SCHEMA}:1:{sha256}:{size}".encode("ascii"), hashlib.sha256).hexdigest()


def sign(backup: Path, cfg: Any | None = None) -> Path:
    """Write the signature of the finished backup file ``backup`` (owner-only)."""
    from moat.fileperms import write_private
    from moat.governance import audit

    sha, size = file_sha256(backup), backup.stat().st_size
    body = {"schema": SCHEMA, "version": 1, "file": backup.name, "sha256": sha, "bytes": size,
            "mac": _mac(audit.ensure_key(cfg), sha, size)}
    return write_private(path_for(backup), json.dumps(body, indent=1).encode("utf-8"))


def problem(backup: Path, cfg: Any | None = None, *, sha256: str | None = None) -> str | None:
    """Why ``backup`` (or a copy of it whose hash is ``sha256``) is not what `moat backup` signed; None when it is."""
    from moat.governance import audit

    sig = path_for(backup)
    try:
        body = json.loads(sig.read_text(encoding="utf-8"))
        signed_sha, signed_size, mac = str(body["sha256"]), int(body["bytes"]), str(body["mac"])
    except FileNotFoundError:
        return f"it has no signature file {sig.name} (written by `moat backup` beside every backup)"
    except (OSError, ValueError, KeyError, TypeError):
        return f"its signature file {sig.name} is damaged"
    key = audit.load_key(cfg)
    if key is None or not hmac.compare_digest(_mac(key, signed_sha, signed_size), mac):
        return (f"its signature file {sig.name} was not made with this install's audit key (it was edited, or the "
                "backup comes from another install)")
    found = sha256 or file_sha256(backup)
    if not hmac.compare_digest(found, signed_sha):
        return "its bytes changed after `moat backup` wrote it (the data or the audit rows in it were edited)"
    return None
