"""`moat rates load FILE.csv` and `moat rates list`: the exchange-rate table ingestion converts with.

``load`` needs the "map" permission (rates change what the numbers mean, like a mapping does) and writes an
audit row; a rejected file (exit 2) writes nothing. Rows already quarantined for a missing rate are loaded with
`moat quarantine retry` afterwards.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from moat.cli.context import acting_user, config_from_args, open_db
from moat.cli.output import add_format, emit, emit_json
from moat.errors import FileRejected
from moat.ingest import fx


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("rates", parents=parents, help="exchange rates to the base currency: load, list")
    ps = p.add_subparsers(dest="action", metavar="ACTION")
    ps.required = True
    pl_ = ps.add_parser("load", parents=parents, help="load monthly rates from a CSV (currency, month, rate_to_base)")
    pl_.add_argument("file", metavar="FILE.csv")
    pl_.add_argument("--json", action="store_true", help="print the result as JSON")
    pl_.set_defaults(func=run_rates_load)
    ls = ps.add_parser("list", parents=parents, help="show the loaded rates")
    ls.add_argument("--all", action="store_true", help="include rates quoted against other base currencies")
    add_format(ls)
    ls.set_defaults(func=run_rates_list)


def run_rates_load(args: argparse.Namespace) -> int:
    cfg = config_from_args(args)
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FileRejected(str(path), f"cannot open the file: {err.strerror or err}", "check the path") from err
    con = open_db(args)
    result = fx.load_rates(con, acting_user(args, con), data, path.name, cfg.base_currency)
    if args.json:
        emit_json(result)
    else:
        print(f"{result['file']}: {result['rates_loaded']} rates to {result['base_currency']} loaded "
              f"({', '.join(result['currencies'])}); {len(result['replaced'])} replaced an earlier rate. "
              "Re-process rows waiting for a rate with `moat quarantine retry`.")
    return 0


def run_rates_list(args: argparse.Namespace) -> int:
    cfg = config_from_args(args)
    con = open_db(args)
    emit(fx.list_rates(con, None if args.all else cfg.base_currency.upper()), args.format)
    return 0
