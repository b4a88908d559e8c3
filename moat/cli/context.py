"""What every command needs: the resolved config, the database connection and the acting user."""

from __future__ import annotations

import argparse
import getpass

from moat import config as config_mod
from moat import db
from moat.governance.permissions import User, local_operator


def config_from_args(args: argparse.Namespace) -> config_mod.Config:
    return config_mod.load(getattr(args, "config", None), db_path=getattr(args, "db", None))


def open_db(args: argparse.Namespace, read_only: bool = False) -> db.Connection:
    return db.connect(config_from_args(args).db_path, read_only=read_only)


def acting_user(args: argparse.Namespace, con: db.Connection | None = None) -> User:
    """The user a command acts as: ``--user``/``cli_user`` looked up in the users file, else the local operator.

    The local operator owns the database file, so acts as admin; the audit log records their OS user name.
    """
    if getattr(args, "service_user", None) is not None:  # forwarded: the service already checked the credential
        return args.service_user
    cfg = config_from_args(args)
    name = getattr(args, "user", None) or cfg.cli_user
    if name:
        from moat.governance.users import lookup

        return lookup(cfg, name)
    try:
        who = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        who = "local"
    return local_operator(f"cli:{who}")
