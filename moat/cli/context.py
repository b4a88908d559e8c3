"""What every command needs: the resolved config, the database connection and the acting user."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from moat import config as config_mod
from moat import db
from moat.errors import BadArgument, MoatError
from moat.governance import identity
from moat.governance.permissions import User


def config_from_args(args: argparse.Namespace) -> config_mod.Config:
    return config_mod.load(getattr(args, "config", None), db_path=getattr(args, "db", None))


def open_db(args: argparse.Namespace, read_only: bool = False, *, must_exist: bool = False) -> db.Connection:
    """The command's database. ``must_exist``: a command that only reads data (metrics, ask, insights, a report)
    refuses a file that is not there instead of making an empty one and reporting a business with no data, exit 0
    (h103: a mistyped ``--db`` in a scheduled report)."""
    path = config_from_args(args).db_path
    if must_exist and db.is_local_file(str(path)) and not Path(path).expanduser().exists():
        raise BadArgument(f"there is no database at {Path(path).expanduser()}",
                          "check --db (or the setting db_path); a new database is made by `moat demo` or "
                          "`moat ingest FILE`")
    return db.connect(path, read_only=read_only)


def credentials(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """(name asked for, token offered): ``--user``/``cli_user``, and ``MOAT_TOKEN`` or the `moat login` token file.

    The token file is used when no name is asked for or when it is that name's token; a token for another
    account is not offered (``--user bob`` with ada's stored token asks for bob's credential).
    """
    if getattr(args, "service_user", None) is not None:  # forwarded: the service already checked the credential
        return args.service_user
    cfg = config_from_args(args)
    name = getattr(args, "user", None) or cfg.cli_user or None
    token = os.environ.get(identity.TOKEN_ENV) or None
    if token is None:
        stored = identity.stored_token()
        if stored is not None and (name is None or identity.token_name(stored) == str(name).strip().lower()):
            token = stored
    return name, token


def acting_user(args: argparse.Namespace, con: db.Connection | None = None) -> User:
    """The proven user a command acts as (``moat.governance.identity.resolve``).

    A token (``MOAT_TOKEN`` or the file `moat login` wrote) names its account; ``--user NAME`` without one asks
    for the password when a terminal is attached and is refused otherwise (exit 2); with neither, the local
    operator (``os:<login>``, role from setting ``operator_role``) acts.
    """
    if getattr(args, "service_user", None) is not None:  # forwarded: the service already checked the credential
        return args.service_user
    cfg = config_from_args(args)
    name, token = credentials(args)
    password = None
    if name and not token and not str(name).startswith(identity.OPERATOR_PREFIX) and sys.stdin.isatty():
        password = getpass.getpass(f"Password for {name}: ")
    own = None
    if con is None:  # e.g. restore, before the database exists: lockout and ownership need it when there is one
        try:
            own = con = open_db(args, read_only=True)
        except MoatError:
            con = None
    try:
        return identity.resolve(con, user_name=name, token=token, password=password, cfg=cfg)  # type: ignore[arg-type]
    finally:
        if own is not None:
            own.close()
