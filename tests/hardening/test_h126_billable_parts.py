"""h126 F2: the technicians rules counted hours only, so one technician's non-billable (or billable) hours passed.

The technicians count rule (h102) and the p% rule (h113) looked at each technician's hours. A day on which several
technicians logged time, but one of them logged all (or nearly all) of the non-billable time, passed both: a Viewer
kept to aggregates asking "non-billable hours on <that day>" got that technician's own non-billable hours, and the
answers "hours worked" minus "billable hours" gave the same. It happens on the demo itself (28 Jul 2026: fifteen
technicians, one with non-billable time, 6.0 h). As the clients rule counts revenue and hours apart, the technicians
rules now count hours, billable hours and non-billable hours apart (``small_slices.time_small``), on every path that
runs them (facade, CLI, Ask, pages, segment pooling, Benchmarks' groups).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import moat
from moat.db import connect
from moat.errors import TooFewClients
from moat.governance.permissions import User
from moat.metrics.periods import Period
from moat.metrics.small_slices import small_part
from tests.hardening.small_periods import restrict_viewers

VIEWER = User("v", "viewer")
ANALYST = User("a", "analyst")
AS_OF = date(2026, 11, 25)
FEW, DOMINATED = "2026-10-25", "2026-10-18"  # two Sundays the demo leaves empty
TIME = ("Entry ID,Date,Technician,Client,Hours,Billable\n"
        # 25 Oct: four technicians 6 h each over four clients; Priya Shah's are the day's only non-billable hours
        "B-1,2026-10-25,Priya Shah,Harbor Logistics,6,No\n"
        "B-2,2026-10-25,Zoe Mensah,Summit Dental,6,Yes\n"
        "B-3,2026-10-25,Olga Moreau,Summit Realty,6,Yes\n"
        "B-4,2026-10-25,Mei Costa,Harbor Logistics,6,Yes\n"
        # 18 Oct: the same hours, and three technicians with non-billable time, Priya 6 of its 6.5 h
        "D-1,2026-10-18,Priya Shah,Harbor Logistics,6,No\n"
        "D-2,2026-10-18,Zoe Mensah,Summit Dental,5.75,Yes\n"
        "D-3,2026-10-18,Zoe Mensah,Summit Dental,0.25,No\n"
        "D-4,2026-10-18,Olga Moreau,Summit Realty,5.75,Yes\n"
        "D-5,2026-10-18,Olga Moreau,Summit Realty,0.25,No\n"
        "D-6,2026-10-18,Mei Costa,Harbor Logistics,6,Yes\n")


@pytest.fixture
def parts_db(demo_path: Path, tmp_path: Path) -> Path:
    file = tmp_path / "sundays.csv"
    file.write_text(TIME, encoding="utf-8")
    with moat.open(demo_path) as admin:
        assert admin.ingest(file)["rows_loaded"] == TIME.count("\n") - 1
    return restrict_viewers(demo_path)


def _value(summary, metric: str) -> Decimal:
    return Decimal(summary.filter(summary["metric"] == metric)["value"][0])


@pytest.mark.parametrize("day, why", [(FEW, "fewer than 3 technicians"), (DOMINATED, "one technician makes almost all")])
def test_one_technicians_non_billable_hours_are_refused(parts_db: Path, day: str, why: str) -> None:
    question = f"non-billable hours on {date.fromisoformat(day):%d %b %Y}"
    con = connect(parts_db)
    try:  # the premise: hours alone pass both rules (4 technicians, 6 h each)
        period = Period(date.fromisoformat(day), date.fromisoformat(day))
        assert con.execute("SELECT count(DISTINCT technician_key), sum(hours) FROM cur_time_entries WHERE date = ?",
                           [period.start]).fetchall() == [(4, Decimal("24"))]
    finally:
        con.close()
    on = f"on {date.fromisoformat(day):%d %b %Y}"
    with moat.open(parts_db, user=ANALYST) as analyst:
        shown = [analyst.ask(q, as_of=AS_OF) for q in (question, f"hours worked {on}", f"billable hours {on}")]
    want = Decimal("6") if day == FEW else Decimal("6.5")
    assert not any(a.refused for a in shown), [a.narrative for a in shown]
    values = [Decimal(str(a.rows[0][0])) for a in shown]
    assert values == [want, Decimal("24"), Decimal("24") - want]  # hours minus billable hours: the same figure
    with moat.open(parts_db, user=VIEWER) as viewer:
        for q in (question, f"hours worked {on}", f"billable hours {on}"):
            refused = viewer.ask(q, as_of=AS_OF)
            assert refused.refused and refused.rows == [] and why in refused.narrative, (q, refused.narrative)
        with pytest.raises(TooFewClients, match=why):
            viewer.summary(day, day)
        assert _value(viewer.summary("2026-10-01", "2026-10-31"), "hours") > 1000  # an ordinary month answers
        assert small_part(viewer.con, period) is not None  # before: None (each technician's hours 6 of 24)


def test_the_demo_day_one_technician_logged_non_billable_time(demo_path: Path) -> None:
    """28 Jul 2026 in the demo: 15 technicians logged time, one of them all of the non-billable time (6.0 h)."""
    restrict_viewers(demo_path)
    con = connect(demo_path)
    try:
        assert con.execute("SELECT count(DISTINCT technician_key) FILTER (WHERE NOT billable),"
                           " count(DISTINCT technician_key) FROM cur_time_entries WHERE date = DATE '2026-07-28'"
                           ).fetchall() == [(1, 15)]
    finally:
        con.close()
    with moat.open(demo_path, user=VIEWER) as viewer:
        answer = viewer.ask("non-billable hours on 28 Jul 2026", as_of=AS_OF)
    assert answer.refused and answer.rows == [], answer.rows  # before: 6.0 h, that technician's own
