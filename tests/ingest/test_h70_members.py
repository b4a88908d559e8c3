"""h70 defect 7 (h41 D21): ConnectWise's members export (`identifier, firstName, lastName, title, hourlyRate,
hourlyCost, dailyCapacity, inactiveFlag`) could not be loaded at all (no name column; a mapping cannot join two).
A file read by the header synonyms that names people only by first + last name has them joined when that makes it
a complete technicians or time file; a contacts list keeps its shape.
"""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.h70_common import FIX, ingest, rows


def test_connectwise_members_load_as_technicians(capsys, tmp_path):
    db = tmp_path / "m.duckdb"
    code, r = ingest(capsys, db, FIX / "f59_cw_members.csv")
    assert code == 0 and r["dataset"] == "technicians" and r["rows_loaded"] == 2, r
    assert r["source_columns"]["First Name + Last Name"] == "technician_name"
    assert any("`firstName` + `lastName`" in w for w in r["warnings"])
    assert rows(db, "SELECT technician_name, hourly_cost, weekly_capacity_hours, role FROM cur_technicians ORDER BY 1") == [
        ("Ann Lee", Decimal("38.50"), Decimal("40.00"), "Service Technician"),
        ("John Smith", Decimal("52.00"), Decimal("40.00"), "Network Engineer")]


def test_a_time_file_with_first_and_last_name(capsys, tmp_path):
    (tmp_path / "t.csv").write_text("Date,Company,First Name,Last Name,Hours,Billable\n"
                                    "2026-03-02,Acme Dental,Ann,Lee,1.50,Yes\n2026-03-03,Acme Dental,John,Smith,2.00,No\n")
    db = tmp_path / "m.duckdb"
    code, r = ingest(capsys, db, tmp_path / "t.csv")
    assert code == 0 and r["dataset"] == "time_entries", r
    assert rows(db, "SELECT technician_name, hours FROM cur_time_entries ORDER BY 1") == [
        ("Ann Lee", Decimal("1.50")), ("John Smith", Decimal("2.00"))]


def test_a_contacts_list_is_not_made_technicians(capsys, tmp_path):
    (tmp_path / "c.csv").write_text("Company,First Name,Last Name,Email\nAcme Dental,Ann,Lee,ann@acme.example\n")
    code, r = ingest(capsys, tmp_path / "m.duckdb", tmp_path / "c.csv")
    assert r.get("dataset") != "technicians" and "First Name + Last Name" not in (r.get("source_columns") or {}), r
