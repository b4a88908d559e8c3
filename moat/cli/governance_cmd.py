"""`moat users|audit|approvals|policy ...`: accounts, the audit chain, the approval queue and policies.

Every command acts as a proven identity (``moat.cli.context.acting_user``: an account's token or password, else the
local operator), and the same ``moat.governance`` functions as the app enforce the roles, four-eyes and validation.
`moat login NAME` proves an account once (its password) and keeps an API token for this OS account.
"""

from __future__ import annotations

import argparse
import getpass
import sys

import polars as pl

from moat import access
from moat.cli.context import acting_user, config_from_args, open_db
from moat.cli.output import add_format, emit, emit_json
from moat.governance import approvals, audit, identity, login, policies, users
from moat.governance.permissions import ROLES, require
from moat.governance.user_store import UserError


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("login", parents=parents, help="prove an account's password once; keep an API token (owner-only)")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    p.add_argument("--print", action="store_true", dest="print_token",
                   help="print the token (for MOAT_TOKEN in a scheduled job) instead of keeping it in the token file")
    p.set_defaults(func=login_cmd)
    p = sub.add_parser("logout", parents=parents, help="forget the kept token (--revoke: make it invalid everywhere)")
    p.add_argument("--revoke", action="store_true")
    p.set_defaults(func=logout_cmd)
    u = sub.add_parser("users", parents=parents, help="manage accounts and roles (admin)")
    us = u.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    p = us.add_parser("add", parents=parents, help="create an account; the password is prompted or read from stdin")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    p.set_defaults(func=users_add)
    p = us.add_parser("list", parents=parents, help="accounts with role, state and lock")
    add_format(p)
    p.set_defaults(func=users_list)
    for name, disabled, text in (("disable", True, "stop an account (open sessions end at their next action)"),
                                 ("enable", False, "re-enable an account")):
        p = us.add_parser(name, parents=parents, help=text)
        p.add_argument("name")
        p.set_defaults(func=users_disable, disabled=disabled)
    p = us.add_parser("set-role", parents=parents, help="change an account's role")
    p.add_argument("name")
    p.add_argument("role", choices=ROLES)
    p.set_defaults(func=users_set_role)
    p = us.add_parser("unlock", parents=parents, help="lift a lock after failed sign-ins")
    p.add_argument("name")
    p.set_defaults(func=users_unlock)
    p = us.add_parser("token", parents=parents, help="issue an API token for an account and print it (admin); replaces its old one")
    p.add_argument("name")
    p.set_defaults(func=users_token)
    p = us.add_parser("set-password", parents=parents, help="reset a password (prompted or from stdin)")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=users_set_password)

    a = sub.add_parser("audit", parents=parents, help="verify or list the audit trail (admin)")
    aus = a.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    p = aus.add_parser("verify", parents=parents, help="recompute the keyed chain and check the anchor: exit 0 intact (recorded in the log), 1 broken, truncated or re-chained")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--expect", default=None, metavar="VALUE", help="also check a value `moat audit anchor` printed earlier")
    p.set_defaults(func=audit_verify)
    p = aus.add_parser("anchor", parents=parents, help="verify, anchor the head outside the database and print a short value to keep elsewhere")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=audit_anchor)
    p = aus.add_parser("list", parents=parents, help="audit rows, newest first")
    p.add_argument("--action", help="only this action, e.g. login_failed")
    p.add_argument("--by", help="only rows by this user name")
    p.add_argument("--search", help="text anywhere in action, object, user or details")
    p.add_argument("--since", help="from this date/time (ISO)")
    p.add_argument("--until", help="up to this date (inclusive) or time (ISO)")
    p.add_argument("--limit", type=int, default=100)
    add_format(p)
    p.set_defaults(func=audit_list)

    q = sub.add_parser("approvals", parents=parents, help="the approval queue")
    qs = q.add_subparsers(dest="approvals_command", metavar="ACTION", required=True)
    p = qs.add_parser("list", parents=parents, help="requests (admins: all; analysts: their own), or --results")
    p.add_argument("--status", choices=approvals.STATES)
    p.add_argument("--results", action="store_true", help="list the results you may see instead of requests")
    add_format(p)
    p.set_defaults(func=approvals_list)
    p = qs.add_parser("request", parents=parents, help="ask an admin to review a result")
    p.add_argument("result_id", type=int)
    p.add_argument("--reason", required=True)
    p.set_defaults(func=approvals_request)
    for name, decision, needs in (("approve", "approve", False), ("reject", "reject", True), ("send-back", "send_back", True)):
        p = qs.add_parser(name, parents=parents, help=f"{name} a pending request" + (" (comment required)" if needs else ""))
        p.add_argument("approval_id", type=int)
        p.add_argument("--comment", required=needs, default=None)
        p.set_defaults(func=approvals_decide, decision=decision)

    pol = sub.add_parser("policy", parents=parents, help="show or set governance policies")
    ps = pol.add_subparsers(dest="policy_command", metavar="ACTION", required=True)
    p = ps.add_parser("show", parents=parents, help="the policies in force")
    add_format(p)
    p.set_defaults(func=policy_show)
    p = ps.add_parser("set", parents=parents, help="change one policy (admin), e.g. `policy set review_confidence 0.8`")
    p.add_argument("key", choices=[f.key for f in policies.FIELDS])
    p.add_argument("value", help="number, true/false, or a comma-separated metric list ('' for none)")
    p.set_defaults(func=policy_set)


def _read_password(args: argparse.Namespace) -> str:
    """From stdin's first line when asked or when stdin is not a terminal; else prompted twice."""
    if getattr(args, "password_stdin", False) or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != first:
        raise UserError("the passwords do not match", "run the command again")
    return first


# --- login ----------------------------------------------------------------------------------------------------

def login_cmd(args: argparse.Namespace) -> int:
    cfg, con = config_from_args(args), open_db(args)
    password = _read_password_once(args)
    user = identity.check_password(cfg, con, args.name, password)
    token = identity.create_token(cfg, con, user, user.name)
    if args.print_token:
        print(token)
    else:
        path = identity.save_token(token)
        print(f"signed in as {user.name} ({user.role}); token kept in {path} (owner-only). `moat logout` forgets it.")
    return 0


def logout_cmd(args: argparse.Namespace) -> int:
    """Forget the kept token; with ``--revoke`` make the token in effect invalid: MOAT_TOKEN when it is set (it
    is what commands act with, h42 F12), else the kept one."""
    import os

    stored, env = identity.stored_token(), (os.environ.get(identity.TOKEN_ENV) or "").strip() or None
    if args.revoke and (env or stored):
        cfg, con = config_from_args(args), open_db(args)
        for token in dict.fromkeys(t for t in (env, stored) if t):
            user = identity.verify_token(cfg, token)
            identity.revoke_token(cfg, con, user, user.name)
    if stored is not None:
        identity.token_file().unlink(missing_ok=True)
    if stored is None and env is None:
        print("no token kept; commands act as the local operator")
    elif env is not None and not args.revoke:
        print(("token forgotten; " if stored else "") + f"{identity.TOKEN_ENV} is set and still valid: commands act "
              f"with it until you unset it or revoke it with `moat logout --revoke`")
    else:
        print(("token forgotten" if stored else f"the {identity.TOKEN_ENV} token") + (" and revoked" if args.revoke else "")
              + (f"; unset {identity.TOKEN_ENV}" if env else ""))
    return 0


def _read_password_once(args: argparse.Namespace) -> str:
    if getattr(args, "password_stdin", False) or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return getpass.getpass("Password: ")


# --- users ----------------------------------------------------------------------------------------------------

def users_token(args: argparse.Namespace) -> int:
    cfg, con = config_from_args(args), open_db(args)
    actor = acting_user(args, con)
    require(actor, "manage_users")
    print(identity.create_token(cfg, con, actor, args.name))
    return 0


def users_add(args: argparse.Namespace) -> int:
    cfg, con = config_from_args(args), open_db(args)
    actor = acting_user(args, con)
    require(actor, "manage_users")
    record = users.add(cfg, con, actor, args.name, args.role, _read_password(args))
    print(f"user {record.name} added as {record.role}")
    return 0


def users_list(args: argparse.Namespace) -> int:
    cfg, con = config_from_args(args), open_db(args)
    listed = users.list_users(cfg, acting_user(args, con))
    locks = login.lock_table(con)
    for rec in listed:
        lock = locks.get(rec["name"])
        rec["failed_logins"] = lock.failed_count if lock else 0
        rec["locked_until"] = lock.locked_until if lock and lock.locked_until else None
    columns = ["name", "role", "disabled", "demo", "failed_logins", "locked_until", "created_at"]
    df = pl.DataFrame(listed, infer_schema_length=None) if listed else pl.DataFrame(schema=dict.fromkeys(columns, pl.Utf8))
    emit(df, args.format, columns)
    return 0


def users_disable(args: argparse.Namespace) -> int:
    cfg, con = config_from_args(args), open_db(args)
    record = users.set_disabled(cfg, con, acting_user(args, con), args.name, args.disabled)
    print(f"user {record.name} {'disabled' if record.disabled else 'enabled'}")
    return 0


def users_set_role(args: argparse.Namespace) -> int:
    cfg, con = config_from_args(args), open_db(args)
    record = users.set_role(cfg, con, acting_user(args, con), args.name, args.role)
    print(f"user {record.name} is now {record.role}")
    return 0


def users_unlock(args: argparse.Namespace) -> int:
    con = open_db(args)
    login.unlock(con, acting_user(args, con), args.name)
    print(f"user {users.normalize_name(args.name)} unlocked")
    return 0


def users_set_password(args: argparse.Namespace) -> int:
    cfg, con = config_from_args(args), open_db(args)
    users.set_password(cfg, con, acting_user(args, con), args.name, _read_password(args))
    name = users.normalize_name(args.name)
    print(f"password of {name} changed; their API token and every sign-in made with the old password ended: "
          f"they sign in again with the new one (`moat login {name}` for a new token)")
    return 0


# --- audit ----------------------------------------------------------------------------------------------------

def audit_verify(args: argparse.Namespace) -> int:
    con = open_db(args)
    result = audit.verify_and_record(con, acting_user(args, con), expect=args.expect)  # intact: recorded; broken: nothing
    if args.format == "json":
        emit_json({"ok": result.ok, "rows": result.rows, "first_broken_seq": result.first_broken_seq, "reason": result.reason,
                   "recorded_seq": result.recorded_seq, "anchor": result.anchor})
    elif result.ok:
        print(f"audit chain intact: {result.rows} rows verified (recorded as audit row {result.recorded_seq})")
    else:
        print(f"audit chain BROKEN at seq {result.first_broken_seq}: {result.reason} ({result.rows} rows checked)")
    return 0 if result.ok else 1


def audit_anchor(args: argparse.Namespace) -> int:
    con = open_db(args)
    found = audit.anchor_now(con, acting_user(args, con))
    if args.format == "json":
        emit_json({k: found[k] for k in ("seq", "hash", "short", "at", "database")})
    else:
        print(found["short"])
        print(f"audit head anchored at row {found['seq']}; keep this value outside this machine and check it later with "
              f"`moat audit verify --expect {found['short']}`", file=sys.stderr)
    return 0


def audit_list(args: argparse.Namespace) -> int:
    con = open_db(args)
    df = audit.entries(con, acting_user(args, con), action=args.action, user_name=args.by, search=args.search,
                       since=args.since, until=args.until, limit=args.limit)
    emit(df, args.format, ["seq", "ts", "user_name", "role", "action", "object", "details"])
    return 0


# --- approvals ------------------------------------------------------------------------------------------------

QUEUE_COLUMNS = ["approval_id", "result_id", "status", "metric", "entity", "value", "confidence", "requested_by",
                 "reason", "decided_by", "comment"]
RESULT_COLUMNS = ["result_id", "metric", "entity_type", "entity", "period_start", "period_end", "value", "confidence",
                  "status", "decided_by", "comment"]


def approvals_list(args: argparse.Namespace) -> int:
    cfg, con = config_from_args(args), open_db(args)
    user = acting_user(args, con)
    if args.results:
        emit(access.visible_results(con, user, status=args.status, cfg=cfg), args.format, RESULT_COLUMNS)
    else:
        emit(approvals.queue(con, user, status=args.status, cfg=cfg), args.format, QUEUE_COLUMNS)
    return 0


def approvals_request(args: argparse.Namespace) -> int:
    con = open_db(args)
    approval_id = approvals.request(con, acting_user(args, con), args.result_id, args.reason)
    print(f"approval {approval_id} requested for result {args.result_id}")
    return 0


def approvals_decide(args: argparse.Namespace) -> int:
    con = open_db(args)
    status = approvals.decide(con, acting_user(args, con), args.approval_id, args.decision, args.comment,
                              config_from_args(args))
    print(f"approval {args.approval_id}: {status}")
    return 0


# --- policy ---------------------------------------------------------------------------------------------------

def policy_show(args: argparse.Namespace) -> int:
    cfg, con = config_from_args(args), open_db(args)
    described = policies.describe(policies.get(con, cfg))
    if args.format == "json":
        emit_json({d["key"]: d["value"] for d in described})
        return 0
    for d in described:
        if isinstance(d["value"], list):
            d["value"] = ",".join(d["value"])
        d["value"] = str(d["value"])
    emit(pl.DataFrame(described), args.format, ["key", "value", "doc"])
    return 0


def policy_set(args: argparse.Namespace) -> int:
    cfg, con = config_from_args(args), open_db(args)
    policy = policies.set_value(con, acting_user(args, con), args.key, args.value, cfg)
    value = getattr(policy, args.key)
    print(f"policy {args.key} = {','.join(value) if isinstance(value, tuple) else value}")
    return 0
