"""h48 / h42 F9: with ``client_export_admin_only`` on, an Analyst wrote per-client profitability by declaring
``Session.export(..., client_level=False)``, and the audit row said ``"client_level": false``. Now the content
decides (a client or technician column, or a cell naming a current client or technician); the claim is ignored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import moat
from moat.errors import PermissionDenied
from moat.governance import policies
from moat.governance.permissions import User


def test_a_false_claim_does_not_export_client_rows(demo_path: Path, tmp_path: Path) -> None:
    with moat.open(demo_path) as admin:
        policies.set_value(admin.con, admin.user, "client_export_admin_only", "true")
    with moat.open(demo_path, user=User("ana", "analyst")) as analyst:
        prof = analyst.profitability("2026-08-01", "2026-10-31")
        with pytest.raises(PermissionDenied):
            analyst.export(prof, tmp_path / "claimed.csv", client_level=False)
        renamed = prof.select(prof["client_name"].alias("who"), "revenue")  # no tell-tale column name
        with pytest.raises(PermissionDenied):
            analyst.export(renamed, tmp_path / "renamed.csv", client_level=False)
        totals = analyst.profitability("2026-08-01", "2026-10-31", by="segment")
        written = analyst.export(totals, tmp_path / "segments.csv", client_level=False)  # totals: still fine
    assert not (tmp_path / "claimed.csv").exists() and not (tmp_path / "renamed.csv").exists()
    assert written.exists()
    with moat.open(demo_path) as admin:
        details = admin.con.execute("SELECT CAST(details AS VARCHAR) FROM audit_log WHERE action = 'export' "
                                    "ORDER BY seq DESC LIMIT 1").fetchone()[0]
        path = admin.export(prof, tmp_path / "admin.csv", client_level=False)  # an admin may; recorded truly
        recorded = json.loads(admin.con.execute("SELECT CAST(details AS VARCHAR) FROM audit_log WHERE action = 'export' "
                                                "ORDER BY seq DESC LIMIT 1").fetchone()[0])
    assert json.loads(details)["client_level"] is False and path.exists()
    assert recorded["client_level"] is True
