"""``moat.cli.output``: what every command prints. h103: `moat approvals list --results --format csv` printed the
approved revenue 641,797.31 as ``641797`` and the licence waste 13,198.25 as ``13198.2`` (six significant digits), and
its table printed ``1.32e+04``; a script reading the CSV got figures off by up to a dollar with exit 0."""

from __future__ import annotations

import csv
import io

import polars as pl

from moat.cli.output import emit, table

VALUES = [641797.31, 13198.25, 0.6996153846153846, 95.655, 1234567.5, 1.128, 0.0001234, 100.0, -2.5, 0.0]


def test_csv_floats_read_back_exactly() -> None:
    out = io.StringIO()
    emit(pl.DataFrame({"value": VALUES}), "csv", out=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [float(r["value"]) for r in rows] == VALUES
    assert rows[0]["value"] == "641797.31" and rows[1]["value"] == "13198.25"


def test_table_floats_are_never_scientific_and_keep_the_cents() -> None:
    shown = table([{"value": v} for v in VALUES], ["value"]).splitlines()[2:]
    assert [s.strip() for s in shown] == ["641797.31", "13198.25", "0.6996", "95.66", "1234567.5", "1.128",
                                          "0.0001234", "100", "-2.5", "0"]
    assert not any("e+" in s or "e-" in s for s in shown)
