"""moat.views.users: accounts with their lock state, and changes that say what they did or why not."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from moat import config
from moat.errors import MoatError
from moat.governance import login, users
from moat.governance.permissions import User
from moat.views import users as view
from tests.helpers import ensure_user

ADA = User("ada", "admin")


def test_accounts_locks_and_changes(demo_path: Path, demo_con, app_env) -> None:
    app_env(demo_path)
    cfg = config.load()
    ensure_user("ada", "admin")
    ensure_user("ana", "analyst")
    for _ in range(login.MAX_FAILURES):
        login.record_failure(cfg, demo_con, "ana")
    listed = view.accounts(cfg, demo_con, ADA)
    assert listed.names == ["ada", "ana"]
    ana = listed.get("ana")
    assert ana["failed_logins"] == login.MAX_FAILURES and ana["locked_until"]
    assert listed.get("ada")["locked_until"] == "" and listed.table().height == 2
    # h112: times as times (the table printed "2026-12-07T17:27:47" and a lock to the microsecond)
    table = listed.table()
    assert table.schema["locked_until"] == pl.Datetime("us") and table["locked_until"].null_count() == 1
    assert table.schema["created_at"] in (pl.Datetime("us"), pl.Null)
    assert view.unlock(demo_con, ADA, "ana") == view.SAVED
    assert view.accounts(cfg, demo_con, ADA).get("ana")["locked_until"] == ""
    with pytest.raises(MoatError, match="The passwords do not match."):
        view.add(cfg, demo_con, ADA, "newbie", "viewer", "newbie-password", "other-password")
    assert users.get(cfg, "newbie") is None
    assert view.add(cfg, demo_con, ADA, "newbie", "viewer", "newbie-password", "newbie-password") == view.SAVED
    assert view.set_role(cfg, demo_con, ADA, "newbie", "analyst") == view.SAVED and users.get(cfg, "newbie").role == "analyst"
    assert view.set_disabled(cfg, demo_con, ADA, "newbie", True) == view.SAVED and users.get(cfg, "newbie").disabled
    with pytest.raises(MoatError, match="last enabled admin"):
        view.set_disabled(cfg, demo_con, ADA, "ada", True)
