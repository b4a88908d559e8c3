"""h55: default file paths (users file, audit key, cookie key, anchors, log, cache) follow the DATABASE, not the
working folder: the same command run from two folders finds the same accounts and the same audit key.

Before, ``users_file`` defaulted to ``data/users.yaml`` of the working folder (the audit key, cookie key and
anchors beside it), and the audit code read its settings without the database being written: a command run from
another folder saw no accounts, and a write there was refused (h48) or, before h48, signed with a second key.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from moat import config, db
from moat.governance import audit
from tests.governance.gov_util import run_cli

CLEARED = ("MOAT_AUDIT_KEY_FILE", "MOAT_USERS_FILE", "MOAT_TOKEN", "MOAT_CONFIG", "MOAT_DB_PATH", "MOAT_LOG_FILE",
           "MOAT_CACHE_DIR")


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    for name in CLEARED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))  # `moat login`'s token file: never the real one
    store, one, two = tmp_path / "store", tmp_path / "one", tmp_path / "two"
    for folder in (store, one, two):
        folder.mkdir()
    return store, one, two


def test_two_working_folders_find_the_same_users_and_key(folders: tuple[Path, Path, Path],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    store, one, two = folders
    database = store / "x.duckdb"
    monkeypatch.chdir(one)
    made = run_cli("--db", str(database), "users", "add", "bob", "--role", "analyst", "--password-stdin",
                   stdin="correct horse battery\n")
    assert made.returncode == 0, made.stderr
    assert run_cli("--db", str(database), "policy", "set", "review_confidence", "0.8").returncode == 0
    assert (store / "users.yaml").exists() and (store / "audit.key").exists()

    monkeypatch.chdir(two)
    # the same relative database path from the other folder, too
    relative = Path("..") / "store" / "x.duckdb"
    signed_in = run_cli("--db", str(relative), "login", "bob", "--password-stdin", "--print",
                        stdin="correct horse battery\n")
    assert signed_in.returncode == 0, signed_in.stderr  # bob is found: the same users file
    written = run_cli("--db", str(database), "policy", "set", "review_confidence", "0.75")
    assert written.returncode == 0, written.stderr  # the same key: no refusal, no second key
    verified = run_cli("--db", str(relative), "audit", "verify")
    assert verified.returncode == 0 and "intact" in verified.stdout, verified.stdout + verified.stderr

    assert list(one.iterdir()) == [] and list(two.iterdir()) == []  # nothing made in either working folder
    con = db.connect(database)
    try:
        assert audit.verify(con).ok
        assert db.scalar(con, "SELECT CAST(value AS VARCHAR) FROM policies WHERE key = 'review_confidence'") == "0.75"
    finally:
        con.close()


def test_paths_resolve_against_the_database_or_their_settings_file(folders: tuple[Path, Path, Path],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    store, one, two = folders
    settings = store / "conf" / "moat.yaml"
    settings.parent.mkdir()
    settings.write_text("users_file: secrets/users.yaml\ncache_dir: answers\n", encoding="utf-8")
    seen = []
    for folder in (one, two):
        monkeypatch.chdir(folder)
        defaults = config.load(db_path=str(store / "x.duckdb"), env={})
        from_file = config.load(settings, db_path=str(store / "x.duckdb"), env={})
        from_env = config.load(db_path=str(store / "x.duckdb"), env={"MOAT_USERS_FILE": "people.yaml",
                                                                     "MOAT_LOG_FILE": "logs/moat.jsonl"})
        seen.append((defaults.file_path("users_file", "users.yaml"), audit.key_path(defaults), defaults.cache_path,
                     from_file.file_path("users_file", "users.yaml"), from_file.cache_path,
                     from_env.file_path("users_file", "users.yaml"), from_env.file_path("log_file", "moat.log.jsonl")))
    assert seen[0] == seen[1]
    assert seen[0] == (store / "users.yaml", store / "audit.key", store / "cache",
                       store / "conf" / "secrets" / "users.yaml", store / "conf" / "answers",
                       store / "people.yaml", store / "logs" / "moat.jsonl")
