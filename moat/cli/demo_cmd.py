"""`moat demo`: load the synthetic demo MSP."""

from __future__ import annotations

import argparse
from datetime import date

from moat import demo
from moat.cli.context import acting_user, config_from_args, open_db
from moat.governance.users import ensure_demo_users


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", parents=parents, help="load the demo MSP into the database")
    p.add_argument("--scale", type=float, default=1.0, help="1 = 40 clients, 15 technicians, 10k time entries")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--end", type=date.fromisoformat, default=None, help="last day of demo data (default: end of last month)")
    p.add_argument("--if-empty", action="store_true", help="do nothing when the database already holds data")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    con = open_db(args)
    if args.if_empty and not demo.is_empty(con):
        print("database already holds data; demo not loaded")
        return 0
    summary = demo.load(con, args.scale, args.seed, args.end, acting_user(args, con))
    created = ensure_demo_users(con, config_from_args(args))
    print(
        f"demo loaded: {summary.clients} clients, {summary.technicians} technicians, {summary.time_entries} time entries, "
        f"{summary.invoices} invoices, {summary.licenses} licence lines, {summary.costs} costs ({summary.start}..{summary.end})"
    )
    if created:
        print("demo users (demo mode only; password = user name): " + ", ".join(created))
    return 0
