"""The app's process-wide connection: the owner's own, or a client of the process that owns the database.

The first app server (or ``moat serve``) to open the file owns it and serves it (``serve_in_background``). A
further app server on the same file (several ``streamlit run`` behind a load balancer) finds the owner's
endpoint and gets a ``remote_db.RemoteConnection`` instead: its pages, logins, writes and audit rows run the
same ``moat`` code as in the owner, with each statement run on a cursor the owner holds for it.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from moat import db
from moat.errors import DatabaseBusy
from moat.service import client, remote_db
from moat.service.server import serve_in_background

log = logging.getLogger(__name__)


def open_for_app(target: str | Path, *, wait_s: float, owner: str) -> Any:
    """Own ``target`` (and serve it), or join the MoatMetrics process that owns it; ``DatabaseBusy`` after
    ``wait_s`` when a process that does not share it (a long `moat` command run alone) holds it all that time."""
    target = str(target)
    if not db.is_local_file(target):
        return db.connect(target, wait_s=wait_s)
    deadline = time.monotonic() + wait_s
    while True:
        ep = client.live_endpoint(target)
        if ep is not None:
            con = remote_db.connect(ep, str(Path(target).expanduser().resolve()))
            db.register_owner(target, con)  # db.connect(path) in this process hands out its cursors too
            log.info("database %s is owned by %s: this app server is its client", target, ep.describe())
            return con
        try:
            con = db.connect(target, wait_s=min(2.0, max(0.0, deadline - time.monotonic())))
        except DatabaseBusy:
            if time.monotonic() >= deadline:
                raise
            continue  # held: by a sharing owner still starting (its endpoint comes next), or by a command
        serve_in_background(con, target, owner=owner)
        return con
