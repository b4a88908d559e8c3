"""Printing frames as table, CSV or JSON (column names from the glossary, money exact to the cent)."""

from __future__ import annotations

import csv
import io
import math
import re
import sys
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import polars as pl

from moat.cells import escape_row
from moat.formatting import dumps, records

# Terminal control characters (C0 but newline and tab, DEL, C1; ESC among them) in a value the CLI prints could
# clear the screen, move the cursor over earlier lines (a forged `audit list` row) or set the clipboard (OSC 52):
# h42 F7. Every printed value shows them as a visible ``\u00XX`` escape instead (valid inside JSON strings too);
# a table cell also escapes newline, tab and CR, which would start a forged row.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CELL_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def visible(text: str, *, cell: bool = False) -> str:
    """``text`` with terminal control characters replaced by visible escapes (``cell``: newline and tab too)."""
    return (_CELL_CONTROL if cell else _CONTROL).sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class VisibleStream:
    """A text stream that writes every string through ``visible``: ``moat.cli.main`` puts it in front of stdout
    and stderr, so each message, table, CSV and forwarded reply the CLI prints is made harmless in one place."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding, buffer ...
        return getattr(self._stream, name)


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
            writer.writerow(escape_row([repr(rec[c]) if isinstance(rec[c], float) else rec[c] for c in cols]))
    else:
        out.write(table(recs, cols) + "\n")


def table(recs: list[dict[str, Any]], cols: list[str]) -> str:
    def cell(value: Any) -> str:
        if value is None:
            return "-"
        if isinstance(value, float):
            return float_text(value)
        if isinstance(value, Decimal):
            return decimal_text(value)
        if isinstance(value, datetime):  # to the second (h103: "14:22:43.059695"); CSV and JSON keep every digit
            return f"{value:%Y-%m-%d %H:%M:%S}" + (f" {value:%Z}" if value.tzinfo is not None else "")
        return visible(str(value), cell=True)

    grid = [cols] + [[cell(r[c]) for c in cols] for r in recs]
    widths = [max(len(row[i]) for row in grid) for i in range(len(cols))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in grid]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) if recs else "\n".join(lines) + "\n(no rows)"


def float_text(value: float) -> str:
    """A float in a table a person reads: four significant digits below 1 (a ratio: 0.6996), at least two decimals
    from 1 up so an amount keeps its cents (13198.25; ``.4g`` printed 1.32e+04), rounded half-up, trailing zeros
    dropped, never in scientific notation."""
    if not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    exact = Decimal(repr(value))
    places = 3 - exact.adjusted() if abs(value) < 1 else max(2, 3 - exact.adjusted())
    text = format(exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def decimal_text(value: Decimal) -> str:
    """An exact number in a table a person reads: every digit it has, but no zeros past the cents (hours are stored
    to four places: `moat metrics summary` printed 6765.5000 h beside 647556.35 of revenue, h112)."""
    if not value.is_finite():
        return str(value)
    text = format(value, "f")
    if "." not in text:
        return text
    whole, decimals = text.split(".")
    decimals = decimals.rstrip("0").ljust(2, "0")
    return f"{whole}.{decimals}"


def emit_json(value: Any) -> None:
    sys.stdout.write(dumps(value) + "\n")


def csv_text(df: pl.DataFrame) -> str:
    buf = io.StringIO()
    emit(df, "csv", out=buf)
    return buf.getvalue()
