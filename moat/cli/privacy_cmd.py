"""`moat share`, `moat privacy budget`, `moat benchmarks import|list`: DP releases, the budget, peer packs.

Exit codes: 0 released (or previewed, requested, imported); 3 refused for privacy budget (the message states
what remains); 2 a pack file was rejected or the command line is wrong; 1 refused for want of an approved
request when policy dp_requires_approval is on (the message gives the `moat share ... --request` line).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl

from moat.cli.context import acting_user, config_from_args, open_db
from moat.cli.output import add_format, emit
from moat.errors import FileRejected
from moat.metrics.periods import Period
from moat.privacy.bounds import GROUPINGS, METRICS


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("share", parents=parents, help="release DP-protected aggregates as a benchmark pack")
    p.add_argument("--metrics", required=True, help=f"comma-separated: {','.join(METRICS)} (or 'all')")
    p.add_argument("--epsilon", type=float, default=None, help="privacy loss of this release (default: setting privacy_epsilon)")
    p.add_argument("--out", default=None, help="PACK.json to write (PACK.csv is written beside it); required unless --preview")
    p.add_argument("--preview", action="store_true", help="show the accuracy of each aggregate without spending budget")
    p.add_argument("--by", choices=GROUPINGS, default="segment", help="per public segment (default) or all clients together")
    p.add_argument("--from", dest="start", default=None, help="first day YYYY-MM-DD (default: last 3 months with data)")
    p.add_argument("--to", dest="end", default=None, help="last day YYYY-MM-DD")
    p.add_argument("--alpha", type=float, default=0.05, help="intervals hold with probability 1 - alpha (default 0.05)")
    p.add_argument("--label", default="", help="a name for the pack (no client names)")
    p.add_argument("--request", action="store_true",
                   help="ask another admin to approve this release (policy dp_requires_approval); spends nothing")
    p.add_argument("--reason", default="", help="with --request: who receives the pack and why")
    p.add_argument("--approval", type=int, default=None,
                   help="with --out: the approved request to use (default: an unused approval of exactly this spec)")
    p.set_defaults(func=run_share)

    pr = sub.add_parser("privacy", parents=parents, help="the privacy budget ledger")
    prs = pr.add_subparsers(dest="privacy_command", metavar="SUBCOMMAND")
    prs.required = True
    b = prs.add_parser("budget", parents=parents, help="spent and remaining epsilon of the current data and of earlier snapshot sets")
    add_format(b)
    b.set_defaults(func=run_budget)

    bm = sub.add_parser("benchmarks", parents=parents, help="peer benchmark packs")
    bms = bm.add_subparsers(dest="benchmarks_command", metavar="SUBCOMMAND")
    bms.required = True
    imp = bms.add_parser("import", parents=parents, help="validate and store a peer's PACK.json")
    imp.add_argument("pack", help="PACK.json")
    imp.add_argument("--label", default=None, help="name to show for this peer (default: the pack's label)")
    imp.set_defaults(func=run_import)
    ls = bms.add_parser("list", parents=parents, help="imported packs")
    add_format(ls)
    ls.set_defaults(func=run_list)


def _metrics(text: str) -> list[str]:
    names = [m.strip() for m in text.split(",") if m.strip()]
    return list(METRICS) if names == ["all"] else names


def run_share(args: argparse.Namespace) -> int:
    from moat.privacy import ledger, packs, releases

    cfg = config_from_args(args)
    con = open_db(args)
    user = acting_user(args, con)
    period = None
    if args.start or args.end:
        if not (args.start and args.end):
            raise FileRejected("command line", "give both --from and --to, or neither")
        period = Period.parse(args.start, args.end)
    epsilon = args.epsilon if args.epsilon is not None else float(cfg.privacy_epsilon)
    req = releases.request(con, _metrics(args.metrics), epsilon, period=period, grouping=args.by, alpha=args.alpha)
    if args.preview:
        pv = releases.preview(con, user, req, cfg)
        print(f"preview (nothing spent): epsilon {req.epsilon:g}, {req.period}, by {req.grouping}, "
              f"intervals at {1 - req.alpha:.0%} confidence")
        emit(pl.DataFrame(pv["aggregates"]).drop("range"), "table", ["aggregate", "scope", "clipped_to", "scale", "accuracy"])
        budget = pv["budget"]
        print(f"budget: {budget['spent']:g} of {budget['total']:g} spent, {budget['remaining']:g} remaining; "
              + ("this release fits" if budget["fits"] else "this release would be REFUSED"))
        return 0
    if args.request:
        from moat.privacy import release_approvals

        approval_id = release_approvals.request(con, user, req, args.reason)
        print(f"release request {approval_id} ({release_approvals.describe(req)}) waits for another admin: "
              f"`moat approvals approve {approval_id}`; then release it with --out PACK.json --approval {approval_id}")
        return 0
    if not args.out:
        raise FileRejected("command line", "--out PACK.json is required unless --preview or --request")
    released = releases.release(con, user, req, cfg, label=args.label, approval_id=args.approval)
    json_path, csv_path = packs.write(released.pack, args.out)
    left = ledger.remaining(con, cfg)
    used = f" (approval {released.approval_id} used)" if released.approval_id is not None else ""
    print(f"release {released.release_id}{used}: epsilon {req.epsilon:g} spent, {left:g} remaining; wrote {json_path} and {csv_path}")
    return 0


def run_budget(args: argparse.Namespace) -> int:
    from moat.privacy import ledger

    cfg = config_from_args(args)
    con = open_db(args)
    emit(pl.DataFrame(ledger.status(con, cfg)), args.format,
         ["snapshot_set", "current", "budget", "spent", "remaining", "releases", "last_release", "released"])
    return 0


def run_import(args: argparse.Namespace) -> int:
    from moat.privacy import packs

    path = Path(args.pack)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FileRejected(str(path), f"cannot read: {err}") from err
    con = open_db(args)
    pack_id = packs.import_pack(con, acting_user(args, con), data, path.name, args.label)
    print(f"imported {path.name} as benchmark pack {pack_id}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from moat.privacy import packs

    emit(packs.list_packs(open_db(args)), args.format)
    return 0
