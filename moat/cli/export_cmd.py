"""`moat report` (executive report as PDF or HTML) and `moat export` (current data as Parquet/CSV/Excel files).

Both act as the CLI's user (``--user`` / ``cli_user``, else the local operator), obey the same permission and
policy checks as the app, and leave an audit row. ``--json`` prints what was written as one JSON object.
"""

from __future__ import annotations

import argparse

from moat.cli.context import acting_user, config_from_args, open_db
from moat.cli.output import emit_json
from moat.datasets import DATASETS
from moat.export.datasets import DATASET_FORMATS


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("report", parents=parents, help="write the executive report for a period (PDF or HTML)")
    p.add_argument("--from", dest="start", default=None, help="first day, YYYY-MM-DD (default: last 3 months with data)")
    p.add_argument("--to", dest="end", default=None, help="last day (inclusive), YYYY-MM-DD")
    p.add_argument("--out", required=True, help="report.pdf or report.html (the suffix picks the format)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=run_report)

    p = sub.add_parser("export", parents=parents, help="write the current data of every dataset to a folder")
    p.add_argument("directory", help="folder to write <dataset>.<format> files and manifest.json into")
    p.add_argument("--format", choices=DATASET_FORMATS, default="parquet",
                   help="parquet: every stored column, for other tools; csv/xlsx: canonical fields, loadable with `moat ingest`")
    p.add_argument("--dataset", action="append", choices=list(DATASETS), default=None,
                   help="only this dataset (repeatable; default: all)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=run_export)


def run_report(args: argparse.Namespace) -> int:
    from moat.export import report, report_render

    con = open_db(args, must_exist=True)
    try:
        user = acting_user(args, con)
        period = report.parse_period(args.start, args.end, con)
        path = report_render.write(con, user, period, args.out, cfg=config_from_args(args))
    finally:
        con.close()
    result = {"file": str(path), "format": path.suffix.lstrip("."), "bytes": path.stat().st_size,
              "from": period.start, "to": period.end}
    if args.json:
        emit_json(result)
    else:
        print(f"report for {period.start} to {period.end} written to {path} ({result['bytes']:,} bytes)")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from moat.export.datasets import export_datasets

    con = open_db(args, must_exist=True)
    try:
        user = acting_user(args, con)
        files = export_datasets(con, user, args.directory, args.format, args.dataset)
    finally:
        con.close()
    if args.json:
        emit_json({"directory": args.directory, "format": args.format, "files": [str(f) for f in files]})
    else:
        for f in files:
            print(f)
        print(f"{len(files)} file(s) and manifest.json written to {args.directory}")
    return 0
