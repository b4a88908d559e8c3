"""`moat metrics profitability|licenses|utilization|summary`: the glossary's metrics for a period."""

from __future__ import annotations

import argparse

from moat import metrics
from moat.cli.context import open_db
from moat.cli.output import add_format, emit
from moat.metrics.periods import Period

COLUMNS = {
    "profitability": ["client_name", "revenue", "labour_cost", "license_cost", "other_cost", "gross_profit", "gross_margin", "hours", "ehr"],
    "licenses": ["client_name", "seats_purchased", "seats_assigned", "seats_active", "license_utilization", "license_waste"],
    "utilization": ["technician_name", "available_hours", "billable_hours", "worked_hours", "billable_utilization", "total_utilization"],
    "summary": ["metric", "value", "previous", "change"],
}


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("metrics", parents=parents, help="compute a metric for a period")
    p.add_argument("metric", choices=list(COLUMNS))
    p.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, help="last day (inclusive), YYYY-MM-DD")
    add_format(p)
    p.set_defaults(func=run)


def compute(con, metric: str, period: Period):  # noqa: ANN001, ANN201 - thin dispatch
    return {
        "profitability": metrics.profitability,
        "licenses": metrics.licenses,
        "utilization": metrics.utilization,
        "summary": metrics.summary,
    }[metric](con, period)


def run(args: argparse.Namespace) -> int:
    period = Period.parse(args.start, args.end)
    con = open_db(args, read_only=False)
    df = compute(con, args.metric, period)
    columns = COLUMNS[args.metric] + [c for c in ("confidence",) if c in df.columns]
    emit(df, args.format, columns)
    return 0
