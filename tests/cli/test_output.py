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


def test_table_datetimes_to_the_second() -> None:
    """h103: `moat snapshots list` and `moat audit list` printed "2026-12-07 14:22:43.059695"; a table a person
    reads shows the second (CSV and JSON keep every digit)."""
    from datetime import UTC, date, datetime

    when = datetime(2026, 12, 7, 14, 22, 43, 59695)
    shown = table([{"at": when, "on": date(2026, 12, 7)}, {"at": when.replace(tzinfo=UTC), "on": None}], ["at", "on"])
    first, second = shown.splitlines()[2:]
    assert first.split() == ["2026-12-07", "14:22:43", "2026-12-07"] and second.split() == ["2026-12-07", "14:22:43", "UTC", "-"]
    out = io.StringIO()
    emit(pl.DataFrame({"at": [when]}), "csv", out=out)
    assert "14:22:43.059695" in out.getvalue()


def test_table_decimals_have_no_zeros_past_the_cents() -> None:
    """h112: `moat metrics summary` printed hours as 6765.5000 (a DECIMAL(18,4) read back); exact values keep every
    significant digit, and at least the cents."""
    from decimal import Decimal

    text = table([{"v": Decimal("6765.5000")}, {"v": Decimal("647556.35")}, {"v": Decimal("0.1234")},
                  {"v": Decimal("7254")}, {"v": Decimal("12.0000")}], ["v"])
    assert text.split("\n")[2:] == ["6765.50", "647556.35", "0.1234", "7254", "12.00"]
