"""`moat metrics profitability|licenses|utilization|summary`: the glossary's metrics for a period."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal

import polars as pl

from moat import access, metrics
from moat.analytics.confidence import annotate
from moat.cli.context import acting_user, config_from_args, open_db
from moat.cli.output import add_format, emit
from moat.formatting import money
from moat.metrics.last_month import early_stop_note
from moat.metrics.periods import Period, empty_note

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


def compute(con, metric: str, period: Period):  # thin dispatch
    return metrics.BY_NAME[metric](con, period)


def summary_frame(df: pl.DataFrame) -> pl.DataFrame:
    """Summary values typed for output: money to the cent (exact), ratios as numbers, counts as integers."""

    def typed(kind: str, text: str | None) -> object:
        if text is None:
            return None
        if kind == "money":
            return money(text)
        if kind in ("count",):
            return int(text)
        return Decimal(text) if kind == "hours" else float(text)

    rows = [
        {"metric": r["metric"], "value": typed(r["kind"], r["value"]), "previous": typed(r["kind"], r["previous"]),
         "change": r["change"], "confidence": r.get("confidence"), "note": r.get("note")}
        for r in df.iter_rows(named=True)
    ]
    return pl.DataFrame(
        rows, schema={"metric": pl.Utf8, "value": pl.Object, "previous": pl.Object, "change": pl.Float64, "confidence": pl.Float64,
                 "note": pl.Utf8}
    )


def run(args: argparse.Namespace) -> int:
    period = Period.parse(args.start, args.end)
    con = open_db(args, read_only=False, must_exist=True)
    df = access.metric(con, acting_user(args, con), args.metric, period, config_from_args(args))  # role + policy
    df = annotate(con, args.metric, df, period)
    if args.metric == "summary":
        df = summary_frame(df)
    columns = COLUMNS[args.metric] + [c for c in ("confidence",) if c in df.columns]
    for note in ("note", "capacity_note"):  # a change withheld says why; a technician's capacity cut short too (h75)
        if note in df.columns and df[note].null_count() < df.height:
            columns.append(note)
    emit(df, args.format, columns)
    empty = empty_note(con, period)
    if empty is not None:  # a period wholly outside the data: "(no rows)" or a column of "-" alone did not say why
        print(empty, file=sys.stderr)
    early = early_stop_note(con, period)
    if early is not None:  # the last month's rows stop well before its end, yet it counts as a whole month (h125)
        print(early, file=sys.stderr)
    return 0  # README: no data is not an error (exit 0), as for Ask's refusals; stderr says so
