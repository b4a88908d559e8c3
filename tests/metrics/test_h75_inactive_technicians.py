"""Review h69 leftover: disabled / inactive technicians counted as capacity. HaloPSA agents (`Is Disabled`), ConnectWise
members (`inactiveFlag`, `inactiveDate`) and Autotask resources (`isActive`) loaded with the flag thrown away, so a
technician gone for the whole period still added 40 h a week to the team's available hours (utilisation understated).
The flag and the end date are kept on load; capacity leaves out a technician gone for the whole period (unless they
logged time in it) and stops on an end date inside it.

Files under tests/fixtures/h75 (README.md: provenance and hand-computed utilisation before/after) through
`moat ingest --json` into DuckDB on disk; the metric read through `moat.metrics.utilization` and the company trend.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from moat import db
from moat.analytics import evidence, trends
from moat.metrics.periods import Period
from moat.metrics.utilization import utilization
from tests.ingest.cli_runs import ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h75"
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def _load(tmp_path: Path, technicians: str) -> Path:
    path = tmp_path / "u.duckdb"
    for name in (technicians, "time_march_team.csv"):
        rc, f = ingest_json(path, str(FIX / name))
        assert rc == 0 and not f["errors"], f
    return path


def _capacity(path: Path, period: Period) -> dict[str, tuple[float, float, str | None]]:
    con = db.connect(str(path), read_only=True)
    try:
        u = utilization(con, period)
    finally:
        con.close()
    return {r["technician_name"]: (r["available_hours"], float(r["billable_hours"]), r["capacity_note"])
            for r in u.iter_rows(named=True)}


def test_connectwise_inactive_members_leave_capacity_at_their_last_day(tmp_path: Path) -> None:
    """March: Ann 176 + Ben 80 (Mar 2..13), Cara (gone since Jan 30) left out: 256 h, billable 27 / 256 (was 528 h)."""
    path = _load(tmp_path, "cw_members_inactive.csv")
    assert rows(path, "SELECT technician_name, active, end_date::VARCHAR FROM cur_technicians ORDER BY 1") == [
        ("Ann Lee", True, None), ("Ben Ortiz", False, "2026-03-13"), ("Cara Diaz", False, "2026-01-30")]
    march = _capacity(path, MARCH)
    assert march == {"Ann Lee": (176.0, 18.0, None), "Ben Ortiz": (80.0, 9.0, "last day 2026-03-13: capacity to then")}
    assert sum(a for a, _, _ in march.values()) == 256.0 and 27 / 256 == 0.10546875
    assert _capacity(path, Period(date(2026, 2, 1), date(2026, 2, 28))) == {"Ann Lee": (160.0, 0.0, None),
                                                                             "Ben Ortiz": (160.0, 0.0, None)}
    january = _capacity(path, Period(date(2026, 1, 1), date(2026, 1, 31)))
    assert january["Cara Diaz"] == (176.0, 0.0, "last day 2026-01-30: capacity to then") and len(january) == 3


def test_company_trend_counts_the_same_capacity(tmp_path: Path) -> None:
    path = _load(tmp_path, "cw_members_inactive.csv")
    con = db.connect(str(path), read_only=True)
    try:
        month = trends.company_monthly(con, evidence.gather(con, MARCH))
    finally:
        con.close()
    assert month["available_hours"].to_list() == [256.0]
    assert month["billable_utilization"].to_list() == [27 / 256]


def test_halo_disabled_agents_without_an_end_date(tmp_path: Path) -> None:
    """Ben disabled but logged 11 h in March: the whole month, noted; Cara disabled with no time: left out (352 h)."""
    path = _load(tmp_path, "halo_agents.csv")
    march = _capacity(path, MARCH)
    assert march == {"Ann Lee": (176.0, 18.0, None),
                     "Ben Ortiz": (176.0, 9.0, "inactive, no end date in the file: capacity for the whole period")}


def test_autotask_inactive_resources_named_by_first_and_last_name(tmp_path: Path) -> None:
    """Cara isActive false: left out; the technicians are "Ann Lee" and "Ben Ortiz", never the logins alee / bortiz."""
    path = _load(tmp_path, "at_resources_inactive.csv")
    assert _capacity(path, MARCH) == {"Ann Lee": (176.0, 18.0, None), "Ben Ortiz": (176.0, 9.0, None)}
    assert rows(path, "SELECT technician_name, active FROM cur_technicians ORDER BY 1") == [
        ("Ann Lee", True), ("Ben Ortiz", True), ("Cara Diaz", False)]


def test_a_payroll_update_keeps_who_is_inactive(tmp_path: Path) -> None:
    path = _load(tmp_path, "cw_members_inactive.csv")
    rc, f = ingest_json(path, str(FIX / "payroll_update.csv"))
    assert rc == 0 and "active" in f["fields_kept"] and "end_date" in f["fields_kept"], f
    assert rows(path, "SELECT technician_name, hourly_cost::VARCHAR, active, end_date::VARCHAR FROM cur_technicians "
                      "ORDER BY 1") == [("Ann Lee", "40.0000", True, None), ("Ben Ortiz", "53.0000", False, "2026-03-13"),
                                        ("Cara Diaz", "36.0000", False, "2026-01-30")]
    assert _capacity(path, MARCH)["Ben Ortiz"][0] == 80.0


def test_no_work_is_moved_to_or_from_a_disabled_technician(tmp_path: Path) -> None:
    """Halo: Ben disabled (5.1 % billable, under the 70-80 % band) was offered more work; only Ann is now."""
    from moat.analytics import insights

    path = _load(tmp_path, "halo_agents.csv")
    con = db.connect(str(path), read_only=True)
    try:
        found = insights.rebalance(evidence.gather(con, MARCH), insights.Thresholds(), {})
    finally:
        con.close()
    assert [(i["entity"], i["evidence"]["partner"]) for i in found] == [("Ann Lee", None)]
