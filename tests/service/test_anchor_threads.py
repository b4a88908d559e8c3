"""In the data service several forwarded commands run at once: each anchors only the audit rows it appended.

Before, the end of one command anchored every connection of the process that had appended, including another
request's connection in the middle of its work, and DuckDB refused that request's next call ("connection is
busy with another call"): 1 of 4 parallel forwarded ingests failed in a test run.
"""

from __future__ import annotations

import threading
from pathlib import Path

from moat import db
from moat.governance import audit
from moat.governance.permissions import User


def test_flush_anchors_only_touches_the_calling_threads_connections(demo_path: Path) -> None:
    other = db.connect(demo_path)
    mine = db.cursor(other)
    try:
        def other_request() -> None:
            with db.transaction(other):
                audit.append(other, User("os:other", "admin"), "test_other", "x", {})

        t = threading.Thread(target=other_request)
        t.start()
        t.join()
        with db.transaction(mine):
            audit.append(mine, User("os:me", "admin"), "test_mine", "y", {})
        touched = {key[1] for key in audit._TOUCHED}
        assert {id(other), id(mine)} <= touched
        audit.flush_anchors()  # the end of "my" command
        touched = {key[1] for key in audit._TOUCHED}
        assert id(mine) not in touched and id(other) in touched  # the other request's connection was left alone
    finally:
        for key in [k for k, v in audit._TOUCHED.items() if v is other or v is mine]:
            audit._TOUCHED.pop(key, None)
        mine.close()
        other.close()
