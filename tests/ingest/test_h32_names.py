"""D39: "Lee, Ann" in a timesheet is the known technician Ann Lee (PSA grids write people "Last, First")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from moat.db import rows
from moat.governance.permissions import local_operator
from moat.ingest import Options, ingest_bytes
from moat.metrics.periods import Period
from moat.metrics.profitability import profitability
from moat.names import first_last
from tests.ingest.ingest_fixtures import TODAY

ADMIN = local_operator("test")
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h32"


def load(con, name: str) -> dict:
    return ingest_bytes(con, ADMIN, (FIX / name).read_bytes(), name, Options(today=TODAY))


def test_last_first_names_resolve_to_known_technicians(empty_con) -> None:
    load(empty_con, "techs.csv")
    load(empty_con, "inv_acme.csv")
    report = load(empty_con, "time_lastfirst.csv")
    assert report["new_technicians"] == [] and report["rows_loaded"] == 2
    assert rows(empty_con, "SELECT technician_key, sum(hours) FROM cur_time_entries GROUP BY 1 ORDER BY 1") == [
        ("ann lee", 6), ("bob ray", 3)]
    acme = profitability(empty_con, Period(date(2026, 3, 1), date(2026, 3, 31))).row(0, named=True)
    assert acme["labour_cost"] == Decimal("435.00")  # 6 x 45.00 + 3 x 55.00
    assert round(float(acme["gross_margin"]), 3) == 0.678  # (1350 - 435) / 1350


def test_first_last_only_for_one_comma_between_words() -> None:
    assert first_last("Lee, Ann") == "Ann Lee"
    assert first_last("Ann Lee") is None and first_last("Ray, Bob, Jr.") is None and first_last("Lee,") is None
