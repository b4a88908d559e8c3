"""h70 defect 5 (h41 D18): ConnectWise API `timeStart` in UTC (`...Z`) was dated by its UTC day, so a US MSP's
evening work on March 31 counted in April. The `timezone` setting (IANA name, default UTC) dates timestamps written
with a zone by their day there; an explicit offset gives the instant. Hand totals: tests/fixtures/h70/README.md.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from moat import config
from moat.cli import main
from moat.errors import ConfigError
from tests.ingest.h70_common import FIX, rows


def _ingest(capsys, tmp_path, path, zone: str | None, db_name: str = "m.duckdb") -> tuple[int, dict]:
    args = ["--db", str(tmp_path / db_name)]
    if zone:
        (tmp_path / "moat.yaml").write_text(f"timezone: {zone}\n")
        args = ["--config", str(tmp_path / "moat.yaml"), *args]
    code = main([*args, "ingest", str(path), "--json"])
    return code, json.loads(capsys.readouterr().out)["files"][0]


def _hours_by_month(db) -> dict[tuple[str, int], Decimal]:
    return {(c, m): h for c, m, h in rows(db, "SELECT client_name, month(date), sum(hours) FROM cur_time_entries GROUP BY 1, 2")}


def test_new_york_dates_evening_work_on_its_own_day(capsys, tmp_path):
    code, r = _ingest(capsys, tmp_path, FIX / "f53_cw_time_api_utc.csv", "America/New_York")
    assert code == 0 and r["rows_loaded"] == 3
    assert _hours_by_month(tmp_path / "m.duckdb") == {("Acme Dental LLC", 3): Decimal("4.50"), ("Bluewater Legal", 3): Decimal("1.00")}
    assert rows(tmp_path / "m.duckdb", "SELECT entry_id, date FROM cur_time_entries ORDER BY 1") == [
        ("201", date(2026, 3, 31)), ("202", date(2026, 3, 31)), ("203", date(2026, 3, 2))]
    assert any("`timeStart` holds timestamps with a time zone" in w and "America/New_York" in w for w in r["warnings"])


def test_default_utc_keeps_the_utc_day_and_says_how_to_change_it(capsys, tmp_path):
    code, r = _ingest(capsys, tmp_path, FIX / "f53_cw_time_api_utc.csv", None)
    assert code == 0
    assert _hours_by_month(tmp_path / "m.duckdb")[("Acme Dental LLC", 4)] == Decimal("1.50")
    assert any("set `timezone` to the MSP's time zone" in w for w in r["warnings"])


def test_explicit_offset_converts_to_the_setting(capsys, tmp_path):
    """`+02:00` is an instant: 23:30 in Paris on March 31 is 06:30 on April 1 in Tokyo; 20:00Z is 05:00 there."""
    (tmp_path / "t.csv").write_text("id,company.name,member.name,chargeToType,timeStart,actualHours,billableOption\n"
                                    "1,Acme Dental LLC,John Smith,ServiceTicket,2026-03-31T23:30:00+02:00,1.00,Billable\n"
                                    "2,Acme Dental LLC,John Smith,ServiceTicket,2026-03-31T20:00:00Z,2.00,Billable\n"
                                    "3,Acme Dental LLC,John Smith,ServiceTicket,2026-03-31T09:00:00Z,4.00,Billable\n")
    code, _ = _ingest(capsys, tmp_path, tmp_path / "t.csv", "Asia/Tokyo")
    assert code == 0
    assert _hours_by_month(tmp_path / "m.duckdb") == {("Acme Dental LLC", 3): Decimal("4.00"), ("Acme Dental LLC", 4): Decimal("3.00")}


def test_the_same_bytes_under_another_timezone_is_another_request(capsys, tmp_path):
    assert _ingest(capsys, tmp_path, FIX / "f53_cw_time_api_utc.csv", None)[0] == 0
    code, r = _ingest(capsys, tmp_path, FIX / "f53_cw_time_api_utc.csv", "America/New_York")
    assert code == 2 and "timezone setting UTC then, America/New_York now" in r["errors"][0]["reason"]


def test_a_bad_zone_stops_start_up_naming_the_key(tmp_path):
    (tmp_path / "none.yaml").write_text("base_currency: USD\n")
    assert config.load(tmp_path / "none.yaml", env={}).timezone == "UTC"
    with pytest.raises(ConfigError, match="(?i)timezone"):
        config.load(tmp_path / "none.yaml", env={"MOAT_TIMEZONE": "Eastern"})
    assert config.load(tmp_path / "none.yaml", env={"MOAT_TIMEZONE": "Europe/London"}).timezone == "Europe/London"
