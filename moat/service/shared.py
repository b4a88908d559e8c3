"""The app's process-wide connection: the owner's own, or a client of the process that owns the database.

The first app server (or ``moat serve``) to open the file owns it and serves it (``serve_in_background``). A
further app server on the same file (several ``streamlit run`` behind a load balancer) finds the owner's
endpoint and gets a ``remote_db.RemoteConnection`` instead: its pages, logins, writes and audit rows run the
same ``moat`` code as in the owner, with each statement run on a cursor the owner holds for it.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

from moat import db
from moat.errors import DatabaseBusy, SchemaVersionError
from moat.service import client, remote_db
from moat.service.server import serve_in_background

log = logging.getLogger(__name__)


def open_for_app(target: str | Path, *, wait_s: float, owner: str) -> Any:
    """Own ``target`` (and serve it), or join the MoatMetrics process that owns it; ``DatabaseBusy`` after
    ``wait_s`` when a process that does not share it (a long `moat` command run alone) holds it all that time."""
    target = str(target)
    if not db.is_local_file(target):
        return db.connect(target, wait_s=wait_s)
    con = _own(target, wait_s=wait_s, owner=owner)
    if not isinstance(con, remote_db.RemoteConnection):
        return con
    _same_schema(con)
    joined = Joined(target, owner, con)
    db.register_owner(target, joined)  # db.connect(path) in this process hands out its cursors too
    log.info("database %s is owned by %s: this app server is its client", target, con.remote.describe())
    return joined


def _same_schema(con: remote_db.RemoteConnection) -> None:
    """Refuse to join an owner whose database has another schema version than this code's: the owner migrated it
    with its own code, and pages of another version would read tables they do not know."""
    cur = con.cursor()
    try:
        version = db.current_version(cur)
    finally:
        cur.close()
    if version != db.latest_version():
        raise SchemaVersionError(
            f"the database is served by {con.remote.describe()} at schema version {version}, and this app server's "
            f"code expects version {db.latest_version()}",
            "run the same MoatMetrics version on every app server (upgrade or restart them together)",
        )


def _resolved(target: str) -> str:
    return str(Path(target).expanduser().resolve())


def _own(target: str, *, wait_s: float, owner: str) -> Any:
    """Open ``target`` and serve it, or a ``RemoteConnection`` to a sharing owner that appears meanwhile."""
    deadline = time.monotonic() + wait_s
    while True:
        ep = client.live_endpoint(target, wait_s=max(0.0, deadline - time.monotonic()))
        if ep is not None:
            return remote_db.connect(ep, _resolved(target))
        try:
            con = db.connect(target, wait_s=min(2.0, max(0.0, deadline - time.monotonic())))
        except DatabaseBusy:
            if time.monotonic() >= deadline:
                raise
            continue  # held: by a sharing owner still starting (its endpoint comes next), or by a command
        serve_in_background(con, target, owner=owner)
        return con


class Joined:
    """A second app server's process-wide connection: the owner's service while it answers, then the next owner.

    When the owner stops (a restart, a deploy), the page run that was using it fails with one message; the next
    ``cursor()`` finds the new owner (another app server that took over) or takes the file over itself, opening it
    and serving the other servers in turn. So app servers can be restarted one by one behind a load balancer.
    """

    def __init__(self, target: str, owner: str, con: Any) -> None:
        self.target = target
        self.owner = owner
        self._con = con
        self._lock = threading.Lock()

    @property
    def current(self) -> Any:
        """The connection in use now: a ``RemoteConnection``, or this process's own after a takeover."""
        return self._con

    def cursor(self) -> Any:
        with self._lock:
            transport = getattr(self._con, "_transport", None)
            if transport is not None and transport.gone:
                log.warning("the owner of %s stopped; finding the new one or taking the database over", self.target)
                db.unregister_owner(self.target)  # else db.connect below would hand out our own cursors
                self._con = _own(self.target, wait_s=10.0, owner=self.owner)
                if isinstance(self._con, remote_db.RemoteConnection):
                    db.register_owner(self.target, self)  # a new owner: still its client
            return self._con.cursor()

    def close(self) -> None:
        self._con.close()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._con, name)
