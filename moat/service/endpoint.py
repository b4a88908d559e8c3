"""The endpoint file: where the process that owns a database listens, and the secret that proves file access.

``<database>.service.json`` beside the database, created owner-only (0600) so that reading it takes the same
access as opening the database file itself. It names host, port, secret, pid and what the owner is (the app or
``moat serve``), so a refused exclusive operation can say who holds the file. A file left by a killed owner is
recognised (its pid is gone or not this account's, or its port refuses connections) and ignored; an owner whose
pid is alive but that does not answer yet (stopped, overloaded) is waited for by the client (``client``).
"""

from __future__ import annotations

import json
import os
import secrets
import socket
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from moat import db

SUFFIX = ".service.json"


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int
    secret: str
    pid: int
    owner: str
    database: str
    started_at: str

    def describe(self) -> str:
        """Who holds the database, in words (for messages)."""
        return f"{self.owner} (pid {self.pid}, serving since {self.started_at})"


def path_for(db_path: str | Path) -> Path | None:
    """The endpoint file of a local database file; None for ``:memory:`` and URLs (nothing to share there)."""
    target = str(db_path)
    if not db.is_local_file(target):
        return None
    resolved = Path(target).expanduser().resolve()
    return resolved.with_name(resolved.name + SUFFIX)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def write(db_path: str | Path, host: str, port: int, secret: str, owner: str) -> Path:
    """Write the endpoint file owner-only, atomically (a reader never sees half of it)."""
    target = path_for(db_path)
    if target is None:
        raise ValueError(f"{db_path} is not a local database file")
    ep = Endpoint(host, port, secret, os.getpid(), owner, str(Path(str(db_path)).expanduser().resolve()),
                  datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"))
    staging = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(asdict(ep), fh)
    os.chmod(staging, 0o600)  # an existing file keeps its old mode through O_CREAT
    os.replace(staging, target)
    return target


def read(db_path: str | Path) -> Endpoint | None:
    """The endpoint of a live owner, or None (no file, unreadable, stale, or not owner-only)."""
    target = path_for(db_path)
    if target is None or not target.is_file():
        return None
    try:
        st = target.stat()
        if hasattr(os, "getuid") and (st.st_mode & 0o077 or st.st_uid != os.getuid()):
            return None  # someone else's or world-readable: never send credentials to it
        data = json.loads(target.read_text(encoding="utf-8"))
        ep = Endpoint(**{k: data[k] for k in Endpoint.__dataclass_fields__})
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not pid_alive(ep.pid):
        return None
    return ep


def remove(db_path: str | Path, pid: int | None = None) -> None:
    """Remove the endpoint file, but only one this process (or ``pid``) wrote."""
    target = path_for(db_path)
    if target is None:
        return
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        if int(data.get("pid", -1)) == (pid or os.getpid()):
            target.unlink()
    except (OSError, ValueError):
        pass


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists (psutil: on Windows ``os.kill(pid, 0)`` would terminate it)."""
    import psutil

    return pid > 0 and psutil.pid_exists(pid)


def pid_ours(pid: int) -> bool:
    """Whether process ``pid`` exists and runs as this OS account (a reused pid of someone else's is not an owner)."""
    import psutil

    if not pid_alive(pid):
        return False
    if not hasattr(os, "getuid"):
        return True
    try:
        return psutil.Process(pid).uids().real == os.getuid()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def reachable(ep: Endpoint, timeout: float = 2.0) -> bool:
    """Whether something accepts connections on the endpoint's port now (a stalled owner's kernel still does)."""
    try:
        with socket.create_connection((ep.host, ep.port), timeout=timeout):
            return True
    except OSError:
        return False


# What a probe of an owner found: it answered; nothing listens on its port (the file is stale: the service
# stopped, or the pid was reused); or no answer in time (alive but stalled, overloaded, its backlog full).
ANSWERED, REFUSED, SILENT = "answered", "refused", "silent"


def probe(ep: Endpoint, timeout: float) -> str:
    """Ask the owner's service to answer a ping within ``timeout`` seconds: ``ANSWERED``, ``REFUSED`` or ``SILENT``.

    A TCP connect alone proves little: the kernel completes it for a stopped process, and drops it (the client
    then waits for its SYN to be resent) while the listen backlog is full. So the probe is a real request.
    """
    import http.client

    conn = http.client.HTTPConnection(ep.host, ep.port, timeout=timeout)
    try:
        conn.request("GET", "/v1/ping", headers={"X-Moat-Secret": ep.secret})
        resp = conn.getresponse()
        data = resp.read()
    except ConnectionRefusedError:
        return REFUSED
    except (OSError, http.client.HTTPException):  # timeout, reset (backlog overflow), closed mid-answer
        return SILENT
    finally:
        conn.close()
    if resp.status != 200:
        return REFUSED  # another service on a reused port, or a rewritten endpoint file: not this owner
    try:
        return ANSWERED if int(json.loads(data).get("pid", -1)) == ep.pid else REFUSED
    except (ValueError, AttributeError, TypeError):
        return REFUSED
