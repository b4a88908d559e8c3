"""Through the service, a command acts as the account its credential proves; a typed name alone is refused."""

from __future__ import annotations

import os
from pathlib import Path

from moat import config, db
from moat.governance import identity
from moat.governance.permissions import User
from tests.service.conftest import Served, service_env


def _token_for(db_path: Path, tmp_path: Path, name: str, role: str) -> str:
    env = service_env(tmp_path)
    saved = {k: os.environ.get(k) for k in ("MOAT_USERS_FILE", "MOAT_LOG_FILE", "MOAT_CACHE_DIR")}
    os.environ.update({k: env[k] for k in saved})
    try:
        from tests.helpers import ensure_user

        ensure_user(name, role)
        con = db.connect(db_path)
        try:
            return identity.create_token(config.load(db_path=str(db_path)), con, User("os:test", "admin"), name)
        finally:
            con.close()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def test_a_token_makes_the_forwarded_command_act_as_its_account(demo_path: Path, tmp_path: Path) -> None:
    token = _token_for(demo_path, tmp_path, "ana", "analyst")
    served = Served(demo_path, tmp_path)
    try:
        with_token = served.moat("aliases", "add", "Harbour Logistix", "Harbor Logistics", cwd=tmp_path,
                                 extra_env={"MOAT_TOKEN": token})
        assert with_token.returncode == 0, with_token.stderr
        name_only = served.moat("--user", "ana", "aliases", "add", "Harbor Log", "Harbor Logistics", cwd=tmp_path)
        assert name_only.returncode == 2 and "credential" in name_only.stderr  # a name is not a credential
        forged = served.moat("aliases", "add", "Harbor Lgx", "Harbor Logistics", cwd=tmp_path,
                             extra_env={"MOAT_TOKEN": "moat:ana:not-the-secret"})
        assert forged.returncode != 0
        users_list = served.moat("users", "list", cwd=tmp_path, extra_env={"MOAT_TOKEN": token})
        assert users_list.returncode != 0 and "ana" in users_list.stderr  # an analyst may not manage users

        import moat

        with moat.open(demo_path, token=token) as s:  # a notebook signed in as the account
            assert s.remote and (s.user.name, s.user.role) == ("ana", "analyst")
    finally:
        served.stop()
    con = db.connect(demo_path, read_only=True)
    try:
        who = db.rows(con, "SELECT alias_name, created_by FROM aliases WHERE alias_name LIKE 'Harbo%' ORDER BY 1")
        assert who == [("Harbour Logistix", "ana")]
        audit_user = db.scalar(con, "SELECT user_name FROM audit_log WHERE action = 'alias_add' ORDER BY seq DESC LIMIT 1")
        assert audit_user == "ana"
    finally:
        con.close()


def test_login_through_the_service_keeps_the_token_for_this_account(demo_path: Path, tmp_path: Path) -> None:
    from tests.helpers import TEST_PASSWORD

    _token_for(demo_path, tmp_path, "ana", "analyst")  # makes the account (and a first token, replaced below)
    served = Served(demo_path, tmp_path)
    client_home = {"XDG_CONFIG_HOME": str(tmp_path / "client-config")}
    try:
        login = served.moat("login", "ana", "--password-stdin", cwd=tmp_path, stdin=TEST_PASSWORD + "\n",
                            extra_env=client_home)
        assert login.returncode == 0, login.stderr
        assert "signed in as ana" in login.stdout
        token_file = tmp_path / "client-config" / "moat" / "token"
        assert token_file.read_text(encoding="utf-8").startswith("moat:ana:")  # kept on the client's side
        alias = served.moat("aliases", "add", "Harbor Logi", "Harbor Logistics", cwd=tmp_path, extra_env=client_home)
        assert alias.returncode == 0, alias.stderr
        wrong = served.moat("login", "ana", "--password-stdin", cwd=tmp_path, stdin="nope\n",
                            extra_env={"XDG_CONFIG_HOME": str(tmp_path / "other")})
        assert wrong.returncode == 2 and not (tmp_path / "other" / "moat" / "token").exists()
    finally:
        served.stop()
    con = db.connect(demo_path, read_only=True)
    try:
        assert db.scalar(con, "SELECT created_by FROM aliases WHERE alias_name = 'Harbor Logi'") == "ana"
    finally:
        con.close()
