"""`moat ...`: the command line. Each command group lives in its own module with a ``register(subparsers)``.

Exit codes (a contract scripts rely on): 0 success; 1 internal or usage-independent error; 2 a file was
rejected whole (ingest) or the command line is wrong; 3 refused for privacy budget (share); 4 the database is
held by another process for an operation that needs it alone (restore), or by a process that does not share it.

When the app (or `moat serve`) owns the database, a command is forwarded to it (``moat.service``) and runs
there, in-process, on the app's connection: DuckDB allows one process per file, and that process shares it.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from moat.errors import MoatError

# Command modules, in help order. Each defines register(subparsers, parents).
COMMAND_MODULES = [
    "moat.cli.demo_cmd",
    "moat.cli.metrics_cmd",
    "moat.cli.ingest_cmd",
    "moat.cli.rates_cmd",
    "moat.cli.privacy_cmd",
    "moat.cli.export_cmd",
    "moat.cli.system_cmd",
    "moat.cli.governance_cmd",
    "moat.cli.analytics_cmd",
    "moat.cli.ask_cmd",
]

log = logging.getLogger("moat.cli")


def common_parser() -> argparse.ArgumentParser:
    """Options every command accepts, before or after the command name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="database path or DuckDB URL (default: setting db_path)")
    common.add_argument("--config", default=argparse.SUPPRESS, help="moat.yaml to read (default: ./moat.yaml)")
    common.add_argument("--wait", type=float, default=argparse.SUPPRESS, metavar="SECONDS",
                        help="when a process that does not share the database holds it (another command), wait up to "
                             "SECONDS for it instead of exiting 4 (e.g. overlapping scheduled jobs)")
    common.add_argument("--user", default=argparse.SUPPRESS, help="act as this account; needs its credential (`moat login NAME`, MOAT_TOKEN, or a password prompt)")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = common_parser()
    parser = argparse.ArgumentParser(prog="moat", description="MoatMetrics command line", parents=[common])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, [common])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``moat ARGV``; everything printed passes ``output.VisibleStream`` (no raw terminal control characters)."""
    from moat.cli.output import VisibleStream

    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleStream(sys.stdout), VisibleStream(sys.stderr)
    try:
        return _main(argv)
    except BrokenPipeError:  # `moat ... | head`: the reader stopped reading; what it read is what it asked for
        _silence_stdout()
        return 0
    finally:
        sys.stdout, sys.stderr = saved
        from moat import config as config_mod

        config_mod.activate(None)  # the next command in this process (tests) brings its own


def _silence_stdout() -> None:
    """Point standard output at the null device, so the interpreter's last flush of what the closed pipe did not
    take raises nothing at exit ("Exception ignored ... BrokenPipeError"). Only the command's own process does this."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno())
        os.close(devnull)
    except (OSError, AttributeError, ValueError):  # no real stdout (an embedding host): nothing left to flush
        pass


def _main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    from moat.logs import setup

    try:
        from moat import config as config_mod
        from moat.cli.context import config_from_args

        cfg = config_from_args(args)
        config_mod.activate(cfg)  # h70: `--config FILE` reaches the code that loads no Config itself (the audit trail)
        setup(cfg, console=False)
        if getattr(args, "wait", None):
            from moat import db

            db.DEFAULT_WAIT_S = max(0.0, float(args.wait))
        forwarded = _forward(args, argv)
        if forwarded is not None:
            return forwarded
    except MoatError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    return run_parsed(args)


def _forward(args: argparse.Namespace, argv: list[str]) -> int | None:
    """Run the command in the service that owns the database, if one does; None = run it here."""
    from moat.cli.context import config_from_args
    from moat.service import client
    from moat.service.runner import NOT_FORWARDED

    if args.command in NOT_FORWARDED or args.command == "logout":  # logout forgets this account's token file here
        return None
    cfg = config_from_args(args)
    wait_s = float(getattr(args, "wait", cfg.app_db_wait_s))  # a live owner that is slow to answer: waited for
    ep = client.live_endpoint(cfg.db_path, wait_s=wait_s)
    if ep is None:
        return None
    log.info("forwarding `moat %s` to %s", args.command, ep.describe())
    if getattr(args.func, "__name__", "") == "login_cmd" and not getattr(args, "print_token", False):
        return _forward_login(ep, args, argv, cfg, wait_s)
    return client.forward_cli(ep, argv, _credentials(args, cfg), _stdin_for(args), wait_s=wait_s)


def _forward_login(ep: object, args: argparse.Namespace, argv: list[str], cfg: object, wait_s: float) -> int:
    """`moat login` through the service: it proves the password and issues the token; the token file is kept
    here, for this OS account's later commands (the service's own token file is not theirs)."""
    from moat.governance import identity
    from moat.service import client

    out: list[str] = []
    code = client.forward_cli(ep, [*argv, "--print"], _credentials(args, cfg), _stdin_for(args), captured=out,  # type: ignore[arg-type]
                              wait_s=wait_s)
    if code != 0:
        return code
    token = out[0].strip().splitlines()[-1]
    path = identity.save_token(token)
    name = token.split(":")[1] if token.count(":") >= 2 else args.name
    print(f"signed in as {name}; token kept in {path} (owner-only). `moat logout` forgets it.")
    return 0


def _credentials(args: argparse.Namespace, cfg: object) -> object:
    """What this process can prove about its user, for the service to check (never trusted by the client)."""
    import getpass
    import os

    from moat.cli import context
    from moat.service.identity import Credentials

    gather = getattr(context, "credentials", None)  # the security issue's CLI credentials, when merged
    if gather is not None:
        name, token = gather(args)
    else:
        name, token = getattr(args, "user", None) or getattr(cfg, "cli_user", None) or None, os.environ.get("MOAT_TOKEN")
    password = None
    if name and not token and sys.stdin.isatty():
        password = getpass.getpass(f"Password for {name}: ")
    try:
        who = getpass.getuser()
    except Exception:  # no login name in some containers
        who = "local"
    return Credentials(user_name=name, token=token or None, password=password, local_name=who)


# Commands that read a password: from stdin when piped or --password-stdin, else asked at the terminal.
_PASSWORD_COMMANDS = {"login_cmd": 1, "users_add": 2, "users_set_password": 2}  # prompts (2 = typed twice)


def _stdin_for(args: argparse.Namespace) -> bytes | None:
    """Standard input the command will read (a password), read or asked for here and sent along.

    The service cannot reach this terminal, so a password the command would prompt for is prompted for here
    (twice where the command asks twice) and sent as the first line of its stdin.
    """
    import getpass

    prompts = _PASSWORD_COMMANDS.get(getattr(args.func, "__name__", ""))
    if prompts is None:
        return None
    if getattr(args, "password_stdin", False) or not sys.stdin.isatty():
        return sys.stdin.buffer.read()
    first = getpass.getpass("Password: ")
    if prompts == 2 and getpass.getpass("Repeat password: ") != first:
        raise MoatError("the passwords do not match", "run the command again")
    return (first + "\n").encode("utf-8")


def run_parsed(args: argparse.Namespace) -> int:
    """Run a parsed command here; MoatErrors become their exit code and message (also used by the service)."""
    try:
        code = args.func(args)
        from moat.governance.audit import flush_anchors

        flush_anchors()  # anchor the audit rows this command committed (issue 18: truncation is found)
        return int(code or 0)
    except MoatError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader closed the pipe (`| head`): not an error of the command; ``main`` ends quietly
        from moat.governance.audit import flush_anchors

        flush_anchors()  # what the command committed before its output was cut short is anchored all the same
        raise
    except Exception as err:  # last resort: a message, the traceback goes to the log
        log.exception("internal error")
        print(f"internal error: {type(err).__name__}: {err}\nThe details are in the log file.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
