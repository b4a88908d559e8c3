"""The schema checks a load runs (polars expressions) say exactly what the pandera schema of the same rules says,
and a load never imports pandera (0.6 s of CPU to import: most of a million-row file's validation budget)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from moat import datasets
from moat.ingest import schemas

TODAY = date(2026, 11, 1)
DATASETS = ("clients", "technicians", "time_entries", "invoices", "costs", "licenses")


def _column(field: datasets.Field, n: int, rng: random.Random) -> pl.Series:
    """Values on both sides of every rule's bounds, and nulls (a required field's emptiness)."""
    out: list[object] = []
    for _ in range(n):
        if rng.random() < 0.15:
            out.append(None)
        elif field.type == "DATE":
            out.append(date(1985, 1, 1) + timedelta(days=rng.randint(0, 20_000)))
        elif field.type in ("MONEY", "HOURS"):
            out.append(Decimal(rng.choice(["-1", "0", "0.5", "24", "24.0001", "30", "168", "169", "12.25"])))
        elif field.type == "INTEGER":
            out.append(rng.choice([-1, 0, 5, 10_000_000, 10_000_001]))
        elif field.type == "NUMBER":
            out.append(rng.choice([-1.0, 0.0, 2.5]))
        elif field.type == "BOOLEAN":
            out.append(rng.random() < 0.5)
        else:
            out.append(rng.choice(["a", "b"]))
    return pl.Series(field.name, out, dtype=schemas.DTYPES[field.type])


@pytest.mark.parametrize("dataset", DATASETS)
def test_native_checks_equal_the_pandera_schema(dataset: str) -> None:
    rng = random.Random(dataset)
    d = datasets.get(dataset)
    frame = pl.DataFrame([_column(f, 300, rng) for f in d.fields])
    native = schemas.failures(dataset, frame, TODAY)
    reference = schemas.failures_pandera(dataset, frame, TODAY)
    assert native.height > 0  # the frame breaks rules: a comparison of two empty frames would prove nothing
    assert native.to_dicts() == reference.to_dicts()  # the same cells, reasons and order (the quarantine joins them)
    assert native.schema == reference.schema
    # a field missing from the frame is not checked; a valid frame has no failures
    dropped = frame.drop(d.fields[-1].name)
    assert schemas.failures(dataset, dropped, TODAY).to_dicts() == schemas.failures_pandera(dataset, dropped, TODAY).to_dicts()
    assert schemas.failures(dataset, frame.clear(), TODAY).height == 0


def test_a_hand_checked_time_entry(tmp_path: Path) -> None:
    frame = pl.DataFrame({
        "technician_name": ["A", "A", None], "client_name": ["C", "C", "C"],
        "date": [date(2026, 10, 1), date(2206, 10, 1), date(2026, 10, 2)],
        "hours": [Decimal("1.5"), Decimal("25"), Decimal("0")], "billable": [True, True, None],
    }, schema_overrides={"hours": schemas.MONEY_DTYPE})
    found = schemas.failures("time_entries", frame, TODAY).to_dicts()
    hi = schemas.date_max(TODAY).isoformat()
    assert found == [
        {"index": 2, "field": "technician_name", "reason": "technician_name is required but empty"},
        {"index": 1, "field": "date", "reason": f"date outside 1990-01-01..{hi} (a typo in the year?)"},
        {"index": 2, "field": "hours", "reason": "hours must be more than 0"},
        {"index": 1, "field": "hours", "reason": "hours must be at most 24 per entry"},
        {"index": 2, "field": "billable", "reason": "billable is required but empty"},
    ]


_LOAD = r"""
import json, sys
from moat import db
from moat.governance.permissions import local_operator
from moat.ingest import Options, ingest_bytes
con = db.connect(sys.argv[1])
text = "Member,Company,Date,Hours,Billable\nTom Becker,Acme,2026-10-01,1.5,Yes\nTom Becker,Acme,2026-10-02,30,Yes\n"
report = ingest_bytes(con, local_operator("t"), text.encode(), "t.csv", Options())
print(json.dumps({"loaded": report["rows_loaded"], "quarantined": report["rows_quarantined"],
                  "reasons": [e["reason"] for e in report["errors"]], "pandera": "pandera" in sys.modules}))
"""


def test_a_column_of_another_type_is_checked_as_pandera_checks_it() -> None:
    """Hours as floats, dates as datetimes: pandera still runs the value checks, so the native ones do too."""
    frame = pl.DataFrame({"technician_name": ["a", "b"], "client_name": ["c", "c"], "hours": [-1.0, 30.0],
                          "date": [date(2026, 1, 1), date(2300, 1, 2)], "billable": [True, None]})
    frame = frame.with_columns(pl.col("date").cast(pl.Datetime))
    native = schemas.failures("time_entries", frame, TODAY).to_dicts()
    assert native == schemas.failures_pandera("time_entries", frame, TODAY).to_dicts()
    assert {(r["index"], r["field"]) for r in native} >= {(0, "hours"), (1, "hours"), (1, "billable")}


def test_a_load_validates_without_importing_pandera(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-c", _LOAD, str(tmp_path / "t.duckdb")], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["loaded"] == 1 and result["quarantined"] == 1
    assert result["reasons"] == ["hours: hours must be at most 24 per entry"]
    assert result["pandera"] is False
