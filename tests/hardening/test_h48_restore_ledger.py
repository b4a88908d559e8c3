"""h48 / h42 F14: restoring a backup erased the DP ledger (and the release's audit row), so the same epsilon on
the same client-months was released twice, and `audit verify` still said intact.

Now a restore carries every release of the replaced database into the restored one (ledger, per-unit spend,
noisy pack), keeps the release ids unique, and records in its own audit row what it carried.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from moat import config, db
from moat.admin import backup
from moat.errors import BudgetExceeded
from moat.governance import audit
from moat.governance.permissions import User
from moat.privacy import ledger, releases

ADMIN = User("ada", "admin")
SETTINGS = config.load(env={})  # the default budget: 3


def test_a_restore_never_gives_spent_budget_back(demo_path: Path, tmp_path: Path) -> None:
    con = db.connect(demo_path)
    copy = backup.backup(con, ADMIN, tmp_path / "b" / "before.duckdb").path
    req = releases.request(con, ["client_count"], 3.0, grouping="all")
    first = releases.release(con, ADMIN, req, SETTINGS)
    with pytest.raises(BudgetExceeded):
        releases.release(con, ADMIN, req, SETTINGS)
    con.close()

    backup.restore(copy, demo_path, ADMIN)

    con = db.connect(demo_path)
    try:
        assert db.scalar(con, "SELECT count(*) FROM dp_ledger") == 1
        assert db.scalar(con, "SELECT sum(epsilon) FROM dp_ledger") == pytest.approx(3.0)
        assert db.scalar(con, "SELECT count(*) FROM dp_unit_spend") > 0
        assert db.scalar(con, "SELECT count(*) FROM dp_releases") == 1  # the noisy pack is still downloadable
        with pytest.raises(BudgetExceeded):  # the same epsilon is not released twice
            releases.release(con, ADMIN, req, SETTINGS)
        details = json.loads(db.scalar(con, "SELECT CAST(details AS VARCHAR) FROM audit_log WHERE action = 'restore' "
                                            "ORDER BY seq DESC LIMIT 1"))
        carried = details["dp_releases_carried_over"]
        assert [c["epsilon"] for c in carried] == [3.0]
        assert audit.verify(con).ok
        # a later release gets a fresh id: the sequence moved past the carried one
        assert db.scalar(con, "SELECT nextval('release_seq')") > first.release_id
        assert ledger.total_budget(con, SETTINGS) == 3.0
    finally:
        con.close()
