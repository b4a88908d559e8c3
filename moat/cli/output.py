"""Printing frames as table, CSV or JSON (column names from the glossary, money exact to the cent)."""

from __future__ import annotations

import csv
import io
import sys
from typing import Any

import polars as pl

from moat.cells import escape_row
from moat.formatting import dumps, records


def add_format(parser: Any, choices: tuple[str, ...] = ("table", "csv", "json"), default: str = "table") -> None:
    parser.add_argument("--format", choices=choices, default=default, help=f"output format (default {default})")


def emit(df: pl.DataFrame, fmt: str, columns: list[str] | None = None, out: Any = None) -> None:
    out = out or sys.stdout
    recs = records(df, columns)
    cols = columns or df.columns
    if fmt == "json":
        out.write(dumps(recs) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(escape_row(list(cols)))
        for rec in recs:  # text cells made inert for spreadsheets (moat.cells); numbers stay numbers
            writer.writerow(escape_row([f"{rec[c]:.6g}" if isinstance(rec[c], float) else rec[c] for c in cols]))
    else:
        out.write(table(recs, cols) + "\n")


def table(recs: list[dict[str, Any]], cols: list[str]) -> str:
    def cell(value: Any) -> str:
        if value is None:
            return "-"
        if isinstance(value, float):
            return f"{value:.4g}"
        return str(value)

    grid = [cols] + [[cell(r[c]) for c in cols] for r in recs]
    widths = [max(len(row[i]) for row in grid) for i in range(len(cols))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in grid]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) if recs else "\n".join(lines) + "\n(no rows)"


def emit_json(value: Any) -> None:
    sys.stdout.write(dumps(value) + "\n")


def csv_text(df: pl.DataFrame) -> str:
    buf = io.StringIO()
    emit(df, "csv", out=buf)
    return buf.getvalue()
