"""`moat analytics run|prune`, `moat insights`, `moat explain client|technician`: analytics that explain themselves."""

from __future__ import annotations

import argparse

import polars as pl

from moat import config as config_mod
from moat.analytics import explain, insights, retention
from moat.analytics import run as run_mod
from moat.analytics.evidence import detail, gather
from moat.cli.context import acting_user, config_from_args, open_db
from moat.cli.output import add_format, emit, emit_json
from moat.governance.permissions import require
from moat.metrics.periods import Period
from moat.names import normalize


def _period_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, help="last day (inclusive), YYYY-MM-DD")


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    a = sub.add_parser("analytics", parents=parents, help="store a full analytics run (metrics, confidence, explanations, insights)")
    asub = a.add_subparsers(dest="analytics_command", metavar="ACTION")
    asub.required = True
    r = asub.add_parser("run", parents=parents, help="analyse a period and store the results")
    _period_args(r)
    r.set_defaults(func=cmd_run)
    pr = asub.add_parser("prune", parents=parents,
                         help="delete runs older than the newest N of each period, with their results (admin)")
    pr.add_argument("--keep", type=int, required=True, help="runs to keep per period (2 or more keeps comparisons)")
    pr.add_argument("--dry-run", action="store_true", help="say what would be deleted, delete nothing")
    add_format(pr, ("table", "json"))
    pr.set_defaults(func=cmd_prune)

    i = sub.add_parser("insights", parents=parents, help="recommendations ranked by money at stake per month")
    _period_args(i)
    i.add_argument("--limit", type=int, default=None, help="show only the first N")
    add_format(i, ("table", "csv", "json"))
    i.set_defaults(func=cmd_insights)

    e = sub.add_parser("explain", parents=parents, help="why a client's margin or a technician's utilisation is what it is")
    e.add_argument("kind", choices=["client", "technician"])
    e.add_argument("name", help="client or technician name as people type it")
    _period_args(e)
    add_format(e, ("table", "json"))
    e.set_defaults(func=cmd_explain)


def cmd_run(args: argparse.Namespace) -> int:
    period = Period.parse(args.start, args.end)
    con = open_db(args, must_exist=True)
    summary = run_mod.run(con, acting_user(args, con), period, config_from_args(args))
    print(f"run {summary.run_id} stored {summary.results} results for {summary.period} "
          f"({summary.pending_review} pending review, {summary.insights} insights) in {summary.seconds:.2f} s")
    return 0


def cmd_prune(args: argparse.Namespace) -> int:
    con = open_db(args)
    pruned = retention.prune(con, acting_user(args, con), args.keep, dry_run=args.dry_run)
    if args.format == "json":
        emit_json(pruned.as_dict())
        return 0
    verb = "would delete" if pruned.dry_run else "deleted"
    print(f"{verb} {len(pruned.runs)} runs ({pruned.results} results), keeping the newest {pruned.keep} of each period"
          + (f"; kept {len(pruned.kept_for_review)} older runs whose results have approval requests"
             if pruned.kept_for_review else ""))
    return 0


def cmd_insights(args: argparse.Namespace) -> int:
    period = Period.parse(args.start, args.end)
    con = open_db(args, must_exist=True)
    require(acting_user(args, con), "view_client_level")
    cfg: config_mod.Config = config_from_args(args)
    rows = insights.insights(gather(con, period, with_detail=False), insights.Thresholds.from_config(cfg))
    if args.limit is not None:
        rows = rows[: args.limit]
    if args.format == "json":
        emit_json(insights.public(rows))
    else:
        emit(insights.as_frame(rows), args.format, ["kind", "entity", "monthly_effect", "confidence", "action"]
             + (["evidence"] if args.format == "csv" else []))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    period = Period.parse(args.start, args.end)
    con = open_db(args, must_exist=True)
    require(acting_user(args, con), "view_client_level")
    ev = gather(con, period, with_detail=False)
    cfg = config_from_args(args)
    if args.kind == "client":
        key = explain.find_client(ev, args.name)
        ev.detail = detail(con, period, client_keys=[key])
        result = explain.client(ev, key, currency=cfg.currency)
        if args.format == "json":
            emit_json(result)
        else:
            print(result["sentence"])
            emit(pl.DataFrame(result["contributions"]), "table", ["component", "contribution_pts", "contribution_money", "detail"])
        return 0
    ev.detail = detail(con, period, technician_keys=[normalize(args.name)])
    result = explain.technician(ev, args.name, cfg.utilization_low, cfg.utilization_high)
    if args.format == "json":
        emit_json({k: (v.to_dicts() if isinstance(v, pl.DataFrame) else v) for k, v in result.items()})
    else:
        print(result["sentence"])
        emit(result["by_work_type"], "table", ["work_type", "hours", "billable_hours"])
        emit(result["by_client"], "table", ["client_name", "hours", "billable_hours"])
    return 0
