"""`moat ...`: the command line. Each command group lives in its own module with a ``register(subparsers)``.

Exit codes (a contract scripts rely on): 0 success; 1 internal or usage-independent error; 2 a file was
rejected whole (ingest) or the command line is wrong; 3 refused for privacy budget (share).
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
    parser = build_parser()
    args = parser.parse_args(argv)
    from moat.logs import setup

    try:
        from moat.cli.context import config_from_args

        setup(config_from_args(args), console=False)
        code = args.func(args)
        from moat.governance.audit import flush_anchors

        flush_anchors()  # anchor the audit rows this command committed (issue 18: truncation is found)
        return int(code or 0)
    except MoatError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # noqa: BLE001 - last resort: a message, the traceback goes to the log
        log.exception("internal error")
        print(f"internal error: {type(err).__name__}: {err}\nThe details are in the log file.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
