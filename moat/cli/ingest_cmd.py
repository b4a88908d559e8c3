"""`moat ingest`, `moat quarantine list|export|retry`, `moat snapshots list|diff|rollback`, `moat aliases add|list`.

Exit codes of ``ingest``: 0 when every file loaded (quarantined rows included) or was already loaded, 2 when a
file was rejected whole (the others are still processed; nothing of the rejected one is written), 1 on an
internal error.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from moat import access, snapshots
from moat.cli.context import acting_user, config_from_args, open_db
from moat.cli.output import add_format, emit, emit_json
from moat.errors import FileRejected, MoatError
from moat.ingest import mapping, pipeline, quarantine, resolve


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("ingest", parents=parents, help="load CSV/XLSX exports (each file one snapshot)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--dataset", choices=["clients", "technicians", "time_entries", "invoices", "costs", "licenses"],
                   help="skip detection: the files hold this dataset")
    p.add_argument("--mapping", help="mapping profile YAML (dataset, columns, dayfirst, sheet, currency)")
    order = p.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", dest="dayfirst", action="store_const", const=True, default=None, help="03/04/2026 is 3 April")
    order.add_argument("--monthfirst", dest="dayfirst", action="store_const", const=False, help="03/04/2026 is March 4")
    p.add_argument("--sheet", help="workbook sheet to read (default: the one that holds the data)")
    p.add_argument("--replace-range", nargs=2, metavar=("FROM", "TO"), type=date.fromisoformat,
                   help="the file is the full truth for FROM..TO (rows of that range missing from it disappear)")
    p.add_argument("--allow-empty-replace", action="store_true",
                   help="let a --replace-range file that loads no rows empty its range (refused otherwise)")
    p.add_argument("--client", help="the client of a per-tenant file (Microsoft 365 reports name no client)")
    p.add_argument("--lookup", action="append", default=[], metavar="FILE",
                   help="an export that names the ids of the file (Autotask Resources, Companies, Tickets); repeatable")
    p.add_argument("--source", help="skip recognition: the files are this declared source (see README: supported sources)")
    confirm = p.add_mutually_exclusive_group()
    confirm.add_argument("--confirm-new-names", dest="confirm_new_names", action="store_const", const=True, default=None,
                         help="rows naming clients/technicians never seen before wait in the quarantine until confirmed")
    confirm.add_argument("--no-confirm-new-names", dest="confirm_new_names", action="store_const", const=False,
                         help="load rows with new names (they are still listed in new_clients/new_technicians)")
    p.add_argument("--json", action="store_true", help="print the per-file report as JSON")
    p.set_defaults(func=run_ingest)

    q = sub.add_parser("quarantine", parents=parents, help="rows that were not loaded: list, export, retry")
    qs = q.add_subparsers(dest="action", metavar="ACTION")
    qs.required = True
    ql = qs.add_parser("list", parents=parents, help="show quarantined rows")
    _quarantine_filters(ql)
    add_format(ql)
    ql.set_defaults(func=run_quarantine_list)
    qe = qs.add_parser("export", parents=parents, help="write quarantined rows (with their source rows) as CSV")
    _quarantine_filters(qe)
    qe.add_argument("--out", help="file to write (default: standard output)")
    qe.set_defaults(func=run_quarantine_export)
    qr = qs.add_parser("retry", parents=parents, help="re-process quarantined rows after fixing aliases or the mapping")
    qr.add_argument("snapshot", nargs="?", type=int, help="snapshot whose quarantine to retry (default: all with open rows)")
    qr.add_argument("--mapping", help="corrected mapping profile YAML")
    qr_order = qr.add_mutually_exclusive_group()
    qr_order.add_argument("--dayfirst", dest="dayfirst", action="store_const", const=True, default=None)
    qr_order.add_argument("--monthfirst", dest="dayfirst", action="store_const", const=False)
    qr.add_argument("--json", action="store_true")
    qr.set_defaults(func=run_quarantine_retry)

    s = sub.add_parser("snapshots", parents=parents, help="uploads as snapshots: list, diff, rollback")
    ss = s.add_subparsers(dest="action", metavar="ACTION")
    ss.required = True
    sl = ss.add_parser("list", parents=parents, help="list snapshots")
    sl.add_argument("--dataset")
    add_format(sl)
    sl.set_defaults(func=run_snapshots_list)
    sd = ss.add_parser("diff", parents=parents, help="rows added, removed and changed between two snapshots of a dataset")
    sd.add_argument("old", type=int)
    sd.add_argument("new", type=int)
    sd.add_argument("--json", action="store_true")
    sd.set_defaults(func=run_snapshots_diff)
    sr = ss.add_parser("rollback", parents=parents, help="undo a snapshot (what was current before it is current again)")
    sr.add_argument("snapshot", type=int)
    sr.set_defaults(func=run_snapshots_rollback)

    a = sub.add_parser("aliases", parents=parents, help="confirmed name variants: add, list")
    aa = a.add_subparsers(dest="action", metavar="ACTION")
    aa.required = True
    ad = aa.add_parser("add", parents=parents, help='e.g. moat aliases add "Acme Crop" "Acme Corporation"')
    ad.add_argument("alias", help="the name as it appears in files")
    ad.add_argument("target", help="the known client/technician it means")
    ad.add_argument("--kind", choices=list(resolve.KINDS), default="client")
    ad.set_defaults(func=run_aliases_add)
    ac = aa.add_parser("confirm", parents=parents, help='confirm new names as real clients/technicians: moat aliases confirm "New Co"')
    ac.add_argument("names", nargs="+", metavar="NAME")
    ac.add_argument("--kind", choices=list(resolve.KINDS), default="client")
    ac.set_defaults(func=run_aliases_confirm)
    al = aa.add_parser("list", parents=parents, help="list aliases")
    al.add_argument("--kind", choices=list(resolve.KINDS))
    add_format(al)
    al.set_defaults(func=run_aliases_list)


def _quarantine_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--snapshot", type=int)
    p.add_argument("--file", help="file name as uploaded")
    p.add_argument("--status", choices=["open", "retried", "all"], default="open")


# --- ingest ----------------------------------------------------------------------------------------------------


def _rejected_report(file: str, err: FileRejected) -> dict[str, Any]:
    return {
        "file": file, "dataset": None, "encoding": None, "delimiter": None, "rows_read": 0, "rows_loaded": 0,
        "rows_quarantined": 0, "quality_score": None, "snapshot_id": None, "rejected": True, "source": None,
        "source_confidence": None, "candidates": list(getattr(err, "candidates", [])),
        "errors": [{"row": None, "column": None, "value": None, "reason": str(err)}],
    }


def _confirm_default(args: argparse.Namespace, cfg: Any) -> bool:
    """--(no-)confirm-new-names, else the setting when set in moat.yaml / MOAT_CONFIRM_NEW_NAMES, else off.

    The CLI is how scheduled loads run, unattended: holding their rows for a person who is not there would stall
    them, so the command line loads new names (listing them in the report) unless told otherwise; the app, where
    an analyst is present, confirms by default.
    """
    if args.confirm_new_names is not None:
        return bool(args.confirm_new_names)
    if cfg.source.get("confirm_new_names", "default") != "default":
        return bool(cfg.confirm_new_names)
    return False


def _lookups(paths: list[str]) -> list[tuple[str, bytes]]:
    out = []
    for p in paths:
        try:
            out.append((Path(p).name, Path(p).read_bytes()))
        except OSError as err:
            raise FileRejected(p, f"cannot open the lookup file: {err.strerror or err}", "check the --lookup path") from err
    return out


def run_ingest(args: argparse.Namespace) -> int:
    cfg = config_from_args(args)
    profile = mapping.load_profile(args.mapping) if args.mapping else None
    con = open_db(args)
    user = acting_user(args, con)
    options = pipeline.Options(
        dataset=args.dataset, profile=profile, dayfirst=args.dayfirst, sheet=args.sheet,
        replace_range=tuple(args.replace_range) if args.replace_range else None, base_currency=cfg.base_currency,
        source=args.source, client=args.client, lookups=_lookups(args.lookup), own_company=cfg.own_company,
        timezone=cfg.timezone, confirm_new_names=_confirm_default(args, cfg), allow_empty_replace=args.allow_empty_replace,
    )
    if options.replace_range and options.replace_range[0] > options.replace_range[1]:
        raise FileRejected("--replace-range", "FROM is after TO", "give the first day, then the last day")
    reports: list[dict[str, Any]] = []
    code = 0
    for file in args.files:
        try:
            report = pipeline.ingest_path(con, user, file, options)
        except FileRejected as err:
            code = 2
            reports.append(_rejected_report(Path(file).name, err))
            if not args.json:
                print(f"rejected: {err}", file=sys.stderr)
            continue
        reports.append(report)
        if not args.json:
            _print_report(report)
    if args.json:
        emit_json({"files": reports})
    return code


def _print_report(r: dict[str, Any]) -> None:
    if r["already_loaded"]:
        print(f"{r['file']}: already loaded as snapshot {r['snapshot_id']}; nothing loaded twice")
        return
    where = f"sheet {r['sheet']}" if r.get("sheet") else f"{r['encoding']}, delimiter {r['delimiter']!r}"
    if r.get("source_confidence"):
        print(f"{r['file']}: recognised as {r['source_confidence']} (source {r['source']})")
        rules = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in (r.get("row_rules") or {}).items())
        if rules:
            print(f"  row rules: {rules}")
    for kind in ("clients", "technicians"):
        if r.get(f"new_{kind}"):
            print(f"  NEW {kind.upper()} (never seen before): {', '.join(r[f'new_{kind}'][:20])}")
    where += f", {r['dates']}" if r.get("dates") else ""  # how the dates were read, as the upload page says it
    print(f"{r['file']}: {r['dataset']} ({where}) -> snapshot {r['snapshot_id']}: "
          f"{r['rows_read']} rows read, {r['rows_loaded']} loaded, {r['rows_quarantined']} quarantined, "
          f"{r['rows_skipped']} skipped; quality {r['quality_score']}")
    for w in r["warnings"]:
        print(f"  note: {w}")
    for e in r["errors"][:20]:
        print(f"  row {e['row']} {e['column']!r} = {e['value']!r}: {e['reason']}")
    if r["errors_total"] > 20:
        print(f"  ... {r['errors_total'] - 20} more: `moat quarantine list --snapshot {r['snapshot_id']}`")


# --- quarantine ------------------------------------------------------------------------------------------------


def run_quarantine_list(args: argparse.Namespace) -> int:
    con = open_db(args)
    status = None if args.status == "all" else args.status
    df = access.quarantine_rows(con, acting_user(args, con), args.snapshot, args.file, status, config_from_args(args))
    emit(df, args.format, quarantine.COLUMNS)
    return 0


def run_quarantine_export(args: argparse.Namespace) -> int:
    con = open_db(args)
    status = None if args.status == "all" else args.status
    text = access.quarantine_export(con, acting_user(args, con), args.snapshot, args.file, status,
                                    target=args.out or "stdout", cfg=config_from_args(args))  # checked, escaped, audited
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {text.count(chr(10)) - 1} rows to {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def run_quarantine_retry(args: argparse.Namespace) -> int:
    cfg = config_from_args(args)
    con = open_db(args)
    user = acting_user(args, con)
    profile = mapping.load_profile(args.mapping) if args.mapping else None
    targets = [args.snapshot] if args.snapshot is not None else quarantine.open_snapshots(con)
    reports = [quarantine.retry(con, user, sid, profile, args.dayfirst, cfg.base_currency) for sid in targets]
    if args.json:
        emit_json({"files": reports})
    else:
        if not reports:
            print("no open quarantine to retry")
        for r in reports:
            print(f"snapshot {r['retried_snapshot']}: {r['rows_read']} rows retried, {r['rows_loaded']} loaded"
                  f"{' as snapshot ' + str(r['snapshot_id']) if r['snapshot_id'] else ''}, {r['rows_quarantined']} still quarantined"
                  + (f", {r['rows_refused']} refused" if r.get("rows_refused") else "")
                  + (" (nothing loaded: no snapshot made)" if r["rows_read"] and not r["snapshot_id"] else ""))
            for x in (r.get("refused") or [])[:1]:  # the rows a retry cannot load as the clean load would: why, and the fix
                print(f"  {x['reason']}\n  Fix: {x['fix']}")
    return 0


# --- snapshots -------------------------------------------------------------------------------------------------


def run_snapshots_list(args: argparse.Namespace) -> int:
    con = open_db(args)
    emit(snapshots.list_snapshots(con, args.dataset), args.format)
    return 0


def run_snapshots_diff(args: argparse.Namespace) -> int:
    con = open_db(args)
    found = access.snapshot_diff(con, acting_user(args, con), args.old, args.new, config_from_args(args))
    if args.json:
        from moat.formatting import records

        emit_json({k: {"count": v.height, "rows": records(v)} for k, v in found.items()})
        return 0
    for kind, df in found.items():
        print(f"{kind}: {df.height} rows")
        if df.height:
            shown = [c for c in df.columns if c not in ("row_key",)][:8]
            emit(df.head(20), "table", shown)
    return 0


def run_snapshots_rollback(args: argparse.Namespace) -> int:
    con = open_db(args)
    dataset = snapshots.rollback(con, acting_user(args, con), args.snapshot)
    print(f"snapshot {args.snapshot} rolled back; {dataset} is as it was before it")
    return 0


# --- aliases ---------------------------------------------------------------------------------------------------


def run_aliases_add(args: argparse.Namespace) -> int:
    con = open_db(args)
    try:
        done = resolve.add_alias(con, acting_user(args, con), args.alias, args.target, args.kind)
    except MoatError:
        raise
    print(f"alias added: {args.kind} '{done['alias']}' = '{done['target']}'. "
          "Re-process the quarantine with `moat quarantine retry`.")
    return 0


def run_aliases_confirm(args: argparse.Namespace) -> int:
    con = open_db(args)
    done = resolve.confirm_names(con, acting_user(args, con), args.names, args.kind)
    print(f"confirmed {len(done)} new {args.kind} name(s): {', '.join(done)}. Load their rows with `moat quarantine retry`.")
    return 0


def run_aliases_list(args: argparse.Namespace) -> int:
    con = open_db(args)
    # aliases are client and technician names: like `quarantine list`, not for Viewers kept to aggregates (h42 F11)
    access.require_client_rows(con, acting_user(args, con), "client and technician names (aliases)", config_from_args(args))
    emit(resolve.list_aliases(con, args.kind), args.format, ["kind", "alias_name", "target_name", "created_by", "created_at"])
    return 0
