"""Issue 18, point 8: ``viewers_see_client_rows`` and the export rules hold on the CLI too, and every export is audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from moat import db
from moat.db import rows, scalar
from moat.governance import passwords, policies
from moat.governance.permissions import User
from tests.governance.gov_util import make_users, run_cli, token_for

PERIOD = ["--from", "2026-08-01", "--to", "2026-10-31"]


@pytest.fixture
def tokens(demo_path: Path, app_env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)
    app_env(demo_path)
    bad = tmp_path / "invoices.csv"
    bad.write_text("invoice_number,client_name,date,amount,status\nINV-1,Harbor Logistics,2026-10-02,lots,paid\n", encoding="utf-8")
    assert run_cli("ingest", str(bad), "--dataset", "invoices").returncode == 0  # one quarantined row to list
    con = db.connect(demo_path)
    make_users(con, ("vic", "viewer"), ("ana", "analyst"))
    out = {name: token_for(con, name) for name in ("vic", "ana")}
    policies.set_value(con, User("setup", "admin"), "viewers_see_client_rows", False)
    con.close()
    return out


def snapshot_pair(path: Path) -> tuple[str, str]:
    con = db.connect(path)
    try:
        found = rows(con, "SELECT snapshot_id FROM snapshots WHERE dataset = 'invoices' ORDER BY snapshot_id DESC LIMIT 2")
    finally:
        con.close()
    return str(found[1][0]), str(found[0][0])


def test_a_viewer_gets_no_client_rows_from_the_cli_when_the_policy_says_so(tokens: dict[str, str], demo_path: Path) -> None:
    vic = tokens["vic"]
    old, new = snapshot_pair(demo_path)
    for argv in (["metrics", "profitability", *PERIOD, "--format", "csv"], ["metrics", "licenses", *PERIOD],
                 ["metrics", "utilization", *PERIOD], ["quarantine", "list"], ["quarantine", "export"],
                 ["snapshots", "diff", old, new, "--json"]):
        refused = run_cli(*argv, token=vic)
        assert refused.returncode == 1, argv
        assert "vic (viewer) may not view client level" in refused.stderr and "Harbor" not in refused.stdout, argv
    summary = run_cli("metrics", "summary", *PERIOD, "--format", "json", token=vic)  # company totals stay readable
    assert summary.returncode == 0 and json.loads(summary.stdout)[0]["metric"]
    con = db.connect(demo_path)
    assert scalar(con, "SELECT count(*) FROM audit_log WHERE action = 'export' AND object = 'quarantine'") == 0
    policies.set_value(con, User("setup", "admin"), "viewers_see_client_rows", True)
    con.close()
    allowed = run_cli("metrics", "profitability", *PERIOD, "--format", "json", token=vic)
    assert allowed.returncode == 0 and len(json.loads(allowed.stdout)) == 40
    still = run_cli("quarantine", "export", token=vic)  # seeing rows is not exporting them: viewers export totals only
    assert still.returncode == 1 and "export client level" in still.stderr


def test_quarantine_export_is_checked_and_audited(tokens: dict[str, str], demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "q.csv"
    done = run_cli("quarantine", "export", "--out", str(out), token=tokens["ana"])
    assert done.returncode == 0, done.stderr
    assert "lots" in out.read_text(encoding="utf-8")
    con = db.connect(demo_path)
    (user, details), = rows(con, "SELECT user_name, CAST(details AS VARCHAR) FROM audit_log WHERE action = 'export' "
                                 "AND object = 'quarantine'")
    assert user == "ana" and json.loads(details)["rows"] == 1 and json.loads(details)["target"] == str(out)
    policies.set_value(con, User("setup", "admin"), "client_export_admin_only", True)
    con.close()
    refused = run_cli("quarantine", "export", token=tokens["ana"])
    assert refused.returncode == 1 and "may not export client level" in refused.stderr
