"""The Python facade: same numbers as the metric functions, same permission and policy checks as the app."""

from __future__ import annotations

import doctest
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from polars.testing import assert_frame_equal

import moat
import moat.api
from moat import config, db, metrics
from moat.errors import MoatError, PermissionDenied, UnsafeQuery
from moat.governance import policies
from moat.governance.permissions import User
from moat.metrics.periods import Period

Q3 = Period(date(2026, 8, 1), date(2026, 10, 31))
ADMIN, ANALYST, VIEWER = User("ada", "admin"), User("ann", "analyst"), User("vic", "viewer")


def test_import_moat_is_light() -> None:
    """``import moat`` loads no heavy library; ``moat.open`` is resolved on first use."""
    code = ("import sys, moat; heavy = ('duckdb', 'polars', 'streamlit', 'openpyxl', 'torch'); "
            "print(sorted(m for m in heavy if m in sys.modules)); moat.open; print('duckdb' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:2] == ["[]", "True"]


def test_docstring_examples_run(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    result = doctest.testmod(moat.api, extraglobs={"moat": moat, "demo_db": str(demo_path)},
                             optionflags=doctest.ELLIPSIS | doctest.IGNORE_EXCEPTION_DETAIL, report=True)
    assert result.attempted >= 25 and result.failed == 0


def test_facade_returns_the_metric_functions_numbers(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    with moat.open(demo_path, user=ANALYST) as s:
        assert_frame_equal(s.profitability("2026-08-01", "2026-10-31"), metrics.profitability(s.con, Q3))
        assert_frame_equal(s.licenses(Q3, by="product"), metrics.licenses(s.con, Q3, by="product"))
        assert_frame_equal(s.utilization(date(2026, 8, 1), date(2026, 10, 31)), metrics.utilization(s.con, Q3))
        assert_frame_equal(s.summary(), metrics.summary(s.con, Q3))  # default period: last 3 months with data
        by_sql = s.sql("SELECT sum(amount) AS revenue FROM cur_invoices WHERE date BETWEEN ? AND ? "
                       "AND coalesce(lower(status), '') NOT IN ('draft', 'void')", [Q3.start, Q3.end])
        prof_total = s.profitability(Q3)["revenue"].sum()
        assert by_sql["revenue"].item() == prof_total


def test_users_by_name_need_their_credential(demo_path: Path, app_env) -> None:
    """An account name alone is refused; with its password or API token the account acts under its own name."""
    app_env(demo_path)
    from moat.governance import identity
    from moat.governance.users import ensure_demo_users

    con = db.connect(demo_path)
    ensure_demo_users(con)
    token = identity.create_token(config.load(), con, User("setup", "admin"), "analyst")
    con.close()
    with pytest.raises(identity.CredentialRequired, match="needs that account's credential"):
        moat.open(demo_path, user="viewer")
    with moat.open(demo_path, user="viewer", password="viewer") as s:
        assert s.user == User("viewer", "viewer")
        with pytest.raises(PermissionDenied):
            s.ingest(demo_path)
    with pytest.raises(identity.CredentialRequired):
        moat.open(demo_path, user="viewer", password="wrong")
    with moat.open(demo_path, token=token) as s:
        assert s.user == User("analyst", "analyst")
    with pytest.raises(identity.CredentialRequired, match="is for 'analyst'"):
        moat.open(demo_path, user="admin", token=token)
    with pytest.raises(identity.CredentialRequired):
        moat.open(demo_path, user="mallory")


def test_a_user_object_only_lowers_the_operators_role(demo_path: Path, app_env) -> None:
    """``User(...)`` cannot claim a name (the operator's own is recorded) and cannot raise a role above the operator's."""
    app_env(demo_path)
    with moat.open(demo_path, user=User("admin", "viewer")) as s:
        assert s.user.role == "viewer" and s.user.name == "os:" + identity_login()
    with moat.open(demo_path, user=ANALYST) as s:
        s.export(s.profitability(Q3), Path(demo_path).with_name("x.csv"))
        assert db.one(s.con, "SELECT user_name FROM audit_log ORDER BY seq DESC LIMIT 1")[0] == "os:" + identity_login()


def identity_login() -> str:
    from moat.governance.identity import os_login

    return os_login()


def test_policy_limits_what_a_viewer_sees(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    with moat.open(demo_path, user=ADMIN) as admin:
        policies.set_value(admin.con, ADMIN, "viewers_see_client_rows", False)
    with moat.open(demo_path, user=VIEWER) as s:
        for call in (lambda: s.profitability(Q3), lambda: s.licenses(Q3), lambda: s.utilization(Q3),
                     lambda: s.sql("SELECT * FROM cur_clients")):
            with pytest.raises(PermissionDenied):
                call()
        segments = s.profitability(Q3, by="segment")
        everyone = metrics.profitability(s.con, Q3)
        assert segments["revenue"].sum() == everyone["revenue"].sum()
        assert segments["clients"].sum() == everyone.height
        assert s.licenses(Q3, by="product").height == 8
        assert s.summary(Q3).height == 13
    with moat.open(demo_path, user=ANALYST) as s:
        assert s.profitability(Q3).height == 40  # the policy limits viewers only


def test_sql_is_read_only(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    with moat.open(demo_path) as s:
        before = db.data_version(s.con), db.scalar(s.con, "SELECT count(*) FROM audit_log")
        for bad in ("DELETE FROM cur_clients", "UPDATE clients SET client_name = 'x'", "DROP TABLE clients",
                    "SELECT * FROM audit_log", "SELECT * FROM read_csv('/etc/passwd')", "COPY clients TO '/tmp/x.csv'",
                    "SELECT 1; DELETE FROM clients", "ATTACH '/tmp/other.duckdb'"):
            with pytest.raises(UnsafeQuery):
                s.sql(bad)
        assert (db.data_version(s.con), db.scalar(s.con, "SELECT count(*) FROM audit_log")) == before
        assert db.scalar(s.con, "SELECT count(*) FROM clients") == 40


def test_exports_from_python_are_checked_and_audited(demo_path: Path, app_env, tmp_path: Path) -> None:
    app_env(demo_path)
    with moat.open(demo_path, user=ANALYST) as s:
        prof = s.profitability(Q3)
        s.export(prof, tmp_path / "analyst.csv")  # per-client rows: analysts may under the default policy
        assert pl.read_csv(tmp_path / "analyst.csv").height == 40
        row = db.one(s.con, "SELECT user_name, action, object FROM audit_log ORDER BY seq DESC LIMIT 1")
        assert row == ("os:" + identity_login(), "export", "table:analyst")  # the operator, with an analyst's rights
    with moat.open(demo_path, user=ADMIN) as s:
        policies.set_value(s.con, ADMIN, "client_export_admin_only", True)
    with moat.open(demo_path, user=ANALYST) as s:
        with pytest.raises(PermissionDenied):  # switched on: per-client rows are for admins only
            s.export(prof, tmp_path / "prof.xlsx")
        totals = s.profitability(Q3, by="segment")
        path = s.export(totals, tmp_path / "segments.xlsx", client_level=False)
        ws = openpyxl.load_workbook(path).active
        assert ws.freeze_panes == "A2" and ws["A1"].value == "segment"
        with pytest.raises(PermissionDenied):
            s.export_datasets(tmp_path / "all")
    with moat.open(demo_path, user=ADMIN) as s:
        s.export(s.profitability(Q3), tmp_path / "prof.csv")
        assert pl.read_csv(tmp_path / "prof.csv").height == 40
        row = db.one(s.con, "SELECT user_name, action, object FROM audit_log ORDER BY seq DESC LIMIT 1")
        assert row == ("os:" + identity_login(), "export", "table:prof")
        with pytest.raises(MoatError):
            s.export(prof, tmp_path / "prof.json")


def test_read_only_session(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    with moat.open(demo_path, read_only=True) as s:
        assert s.profitability(Q3).height == 40
        with pytest.raises(MoatError, match="read-only"):
            s.ingest(demo_path)
