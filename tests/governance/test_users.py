"""The user store (atomic YAML, bcrypt), user changes audited, demo accounts, the cookie-key rule, the users CLI."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import bcrypt
import pytest
import yaml

from moat import config, db
from moat.db import rows
from moat.governance import cookie_signing, passwords, user_store, users
from moat.governance.permissions import User
from moat.governance.user_store import UserError
from tests.governance.gov_util import run_cli as moat
from tests.governance.gov_util import token_for

OPERATOR = User("boss", "admin")


@pytest.fixture
def env(empty_con, app_env, tmp_path):
    app_env(tmp_path / "empty.duckdb")
    return config.load(), empty_con


def test_add_writes_bcrypt_in_the_authenticator_layout_atomically(env) -> None:
    cfg, con = env
    users.add(cfg, con, OPERATOR, "Alice", "admin", "correct horse", rounds=4)
    path = Path(cfg.users_file)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = data["credentials"]["usernames"]["alice"]
    assert entry["roles"] == ["admin"] and entry["disabled"] is False and entry["demo"] is False
    assert bcrypt.checkpw(b"correct horse", entry["password"].encode())
    assert "correct horse" not in path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".users-")] == []  # no temp file left
    assert users.lookup(cfg, "ALICE") == User("alice", "admin")


def test_changes_are_audited_and_guarded(env) -> None:
    cfg, con = env
    users.add(cfg, con, OPERATOR, "alice", "admin", "password-1", rounds=4)
    users.add(cfg, con, OPERATOR, "bob", "analyst", "password-2", rounds=4)
    with pytest.raises(UserError, match="already exists"):
        users.add(cfg, con, OPERATOR, "Bob", "viewer", "password-3", rounds=4)
    with pytest.raises(UserError, match="too short"):
        users.add(cfg, con, OPERATOR, "carl", "viewer", "short", rounds=4)
    with pytest.raises(UserError, match="invalid user name"):
        users.add(cfg, con, OPERATOR, "a b", "viewer", "password-4", rounds=4)
    users.set_role(cfg, con, OPERATOR, "bob", "viewer")
    users.set_disabled(cfg, con, OPERATOR, "bob", True)
    with pytest.raises(UserError, match="account disabled"):
        users.lookup(cfg, "bob")
    with pytest.raises(UserError, match="last enabled admin"):
        users.set_disabled(cfg, con, OPERATOR, "alice", True)
    with pytest.raises(UserError, match="last enabled admin"):
        users.set_role(cfg, con, OPERATOR, "alice", "analyst")
    users.set_disabled(cfg, con, OPERATOR, "bob", False)
    users.set_password(cfg, con, User("bob", "viewer"), "bob", "new-password", rounds=4)  # one's own password
    assert passwords.check_password(users.get(cfg, "bob"), "new-password")
    assert [r[:3] for r in rows(con, "SELECT user_name, action, object FROM audit_log ORDER BY seq")] == [
        ("boss", "user_add", "user:alice"), ("boss", "user_add", "user:bob"), ("boss", "user_set_role", "user:bob"),
        ("boss", "user_disable", "user:bob"), ("boss", "user_enable", "user:bob"), ("bob", "user_set_password", "user:bob"),
    ]
    assert [r["name"] for r in users.list_users(cfg, OPERATOR)] == ["alice", "bob"]


def test_failed_write_leaves_no_audit_row(env, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg, con = env

    def broken_replace(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("moat.governance.user_store.os.replace", broken_replace)
    with pytest.raises(OSError):
        users.add(cfg, con, OPERATOR, "alice", "admin", "password-1", rounds=4)
    assert rows(con, "SELECT count(*) FROM audit_log") == [(0,)]
    assert not Path(cfg.users_file).exists()
    assert [p for p in Path(cfg.users_file).parent.iterdir() if p.name.startswith(".users-")] == []


def test_demo_users_only_in_demo_mode_and_refused_in_production(env, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg, con = env
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)
    assert users.ensure_demo_users(con, cfg) == ["viewer", "analyst", "admin"]
    assert users.ensure_demo_users(con, cfg) == []
    store = user_store.load(cfg)
    assert {n: (r.role, r.demo) for n, r in store.items()} == {
        "viewer": ("viewer", True), "analyst": ("analyst", True), "admin": ("admin", True)}
    for name, (_role, password) in users.DEMO_USERS.items():
        assert passwords.check_password(store[name], password)
    production = cfg.with_(mode="production", cookie_key="k" * 40)
    with pytest.raises(UserError, match="demo account refused in production"):
        users.lookup(production, "admin")
    monkeypatch.setenv("MOAT_USERS_FILE", str(Path(cfg.users_file).with_name("prod-users.yaml")))
    assert users.ensure_demo_users(con, production) == []


@pytest.mark.parametrize("key", ["some_key", cookie_signing.DEMO_COOKIE_KEY, "short-secret", "x" * 32, "ab" * 20])
def test_production_refuses_a_default_or_weak_cookie_key(env, key: str) -> None:
    cfg, _ = env
    with pytest.raises(UserError, match="refusing to start"):
        cookie_signing.check_auth_config(cfg.with_(mode="production", cookie_key=key))


def test_cookie_key_in_force(env) -> None:
    cfg, _ = env
    strong = "Zq3v-9kLm_T2xw8RpB4nYc7HdJ0sFgEu6aVt"
    assert cookie_signing.check_auth_config(cfg.with_(mode="production", cookie_key=strong)) == strong
    with pytest.raises(UserError, match="published default"):  # the key earlier versions shipped: refused in demo too
        cookie_signing.check_auth_config(cfg.with_(mode="demo", cookie_key=cookie_signing.DEMO_COOKIE_KEY))


def test_each_install_generates_its_own_owner_only_cookie_key(env, tmp_path: Path) -> None:
    """Issue 18, point 2: a JWT signed with the key that was in the source no longer signs anyone in."""
    import time

    import jwt

    cfg, _ = env
    forged = jwt.encode({"username": "root-admin", "exp_date": time.time() + 3600, "issued": time.time()},
                        "moat-demo-only-cookie-key-not-for-production", algorithm="HS256")
    for mode in ("demo", "production"):
        key = cookie_signing.check_auth_config(cfg.with_(mode=mode, cookie_key=""))
        with pytest.raises(jwt.InvalidSignatureError):  # what moat.ui.authenticator does with the request's cookie
            jwt.decode(forged, key, algorithms=["HS256"])
    key = cookie_signing.check_auth_config(cfg)
    assert key == cookie_signing.check_auth_config(cfg)  # the same key on every start
    assert cookie_signing.key_bits(key) >= cookie_signing.MIN_COOKIE_KEY_BITS and len(key) >= 64
    stored = cookie_signing.cookie_key_path(cfg)
    assert stored.parent == Path(cfg.users_file).parent and stat.S_IMODE(stored.stat().st_mode) == 0o600
    other = cfg.with_(users_file=str(tmp_path / "elsewhere" / "users.yaml"))
    assert cookie_signing.check_auth_config(other) != key  # another install, another key


def test_users_cli(env, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)
    cfg, con = env
    con.close()
    first = moat("users", "add", "Root", "--role", "admin", stdin="first-admin-pw\n")
    assert (first.returncode, first.stdout.strip()) == (0, "user root added as admin")
    assert passwords.check_password(users.get(cfg, "root"), "first-admin-pw")
    assert moat("users", "add", "eve", "--role", "analyst", "--password-stdin", stdin="eve-password\n").returncode == 0
    con = db.connect(cfg.db_path)
    eve = token_for(con, "eve")
    con.close()
    denied = moat("users", "add", "mallory", "--role", "admin", stdin="mallory-pw\n", token=eve)
    assert denied.returncode == 1 and "eve (analyst) may not manage users" in denied.stderr
    assert moat("users", "add", "x", "--role", "boss", stdin="whatever-pw\n").returncode == 2  # bad role: argparse
    assert moat("users", "set-role", "eve", "viewer").stdout.strip() == "user eve is now viewer"
    assert moat("users", "disable", "eve").stdout.strip() == "user eve disabled"
    gone = moat("users", "list", token=eve)
    assert gone.returncode == 2 and "account disabled" in gone.stderr
    assert moat("users", "enable", "eve").returncode == 0
    listed = json.loads(moat("users", "list", "--format", "json").stdout)
    assert [(r["name"], r["role"], r["disabled"], r["failed_logins"]) for r in listed] == [
        ("eve", "viewer", False, 0), ("root", "admin", False, 0)]
    con = db.connect(cfg.db_path)
    assert [r[0] for r in rows(con, "SELECT action FROM audit_log ORDER BY seq")] == [
        "user_add", "user_add", "token_issue", "user_set_role", "user_disable", "user_enable"]


def test_policy_cli(env) -> None:
    _, con = env
    con.close()
    assert moat("policy", "set", "review_confidence", "0.85").stdout.strip() == "policy review_confidence = 0.85"
    bad = moat("policy", "set", "dp_budget", "-1")
    assert bad.returncode == 2 and "dp_budget" in bad.stderr
    assert moat("policy", "set", "always_review_metrics", "gross_margin,license_waste").returncode == 0
    shown = json.loads(moat("policy", "show", "--format", "json").stdout)
    assert shown == {"review_confidence": 0.85, "always_review_metrics": ["gross_margin", "license_waste"],
                     "viewers_see_client_rows": True, "client_export_admin_only": False, "dp_budget": 3.0,
                     "dp_requires_approval": False}


def test_concurrent_changes_by_two_admins_all_survive(env) -> None:
    """Each change reads the store, edits it and writes it back; without the file lock the later writer silently
    undid the earlier one's change (found as a known gap: "the last concurrent write wins")."""
    import threading

    cfg, con = env
    users.add(cfg, con, OPERATOR, "root", "admin", "password-1", rounds=4)
    names = [f"user{i}" for i in range(8)]
    barrier, failures = threading.Barrier(len(names)), []

    def add(name: str) -> None:
        cur = con.cursor()  # one session each, as two browser tabs or the app and the CLI would be
        try:
            barrier.wait()
            users.add(cfg, cur, OPERATOR, name, "viewer", "password-1", rounds=4)
        except Exception as err:  # asserted below
            failures.append(f"{name}: {err}")
        finally:
            cur.close()

    threads = [threading.Thread(target=add, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert sorted(user_store.load(cfg)) == sorted(["root", *names])
    assert db.scalar(con, "SELECT count(*) FROM audit_log WHERE action = 'user_add'") == 1 + len(names)
