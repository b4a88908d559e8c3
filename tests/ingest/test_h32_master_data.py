"""D10: a clients / technicians file that lacks a field keeps the record's current value (h28's review files)."""

from __future__ import annotations

from pathlib import Path

from moat.db import rows
from moat.governance.permissions import local_operator
from moat.ingest import Options, ingest_bytes
from tests.ingest.ingest_fixtures import TODAY

ADMIN = local_operator("test")
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h32"


def load(con, name: str, **kw) -> dict:
    return ingest_bytes(con, ADMIN, (FIX / name).read_bytes(), name, Options(today=TODAY, **kw))


CLIENTS = ("SELECT client_name, segment, agreement_type, monthly_fee, status, CAST(start_date AS VARCHAR) FROM cur_clients "
           "WHERE client_name IN ('Meridian Dental Group', 'Harbor Logistics') ORDER BY client_name")


def test_crm_list_keeps_fee_status_and_start(demo_con) -> None:
    before = rows(demo_con, CLIENTS)
    assert [r[3] for r in before] == [12800, 8790]
    report = load(demo_con, "crm_companies.csv")
    assert report["dataset"] == "clients" and report["rows_loaded"] == 2
    assert report["fields_kept"] == ["agreement_type", "monthly_fee", "status", "start_date", "end_date"]
    assert any("does not carry agreement_type, monthly_fee" in w and "2 existing clients" in w for w in report["warnings"])
    after = rows(demo_con, CLIENTS)
    # the file's own field (Industry -> segment) is applied; everything else is what it was
    assert after == [("Harbor Logistics", "Logistics", *before[0][2:]), ("Meridian Dental Group", "Healthcare", *before[1][2:])]


def test_agreements_export_keeps_segment(demo_con) -> None:
    report = load(demo_con, "cw_agreements.csv")
    assert report["fields_kept"] == ["segment"]
    after = rows(demo_con, CLIENTS)
    assert [(r[0], r[1], r[3]) for r in after] == [("Harbor Logistics", "manufacturing", 12800),
                                                   ("Meridian Dental Group", "healthcare", 9090)]  # 8790 + 900 / 3


TECHS = "SELECT technician_name, hourly_cost, weekly_capacity_hours, role FROM cur_technicians ORDER BY technician_name"


def test_payroll_update_keeps_capacity_and_role(empty_con) -> None:
    load(empty_con, "techs.csv")
    report = load(empty_con, "payroll_update.csv")
    # h75: who is active and their last day are master data too: a payroll update keeps them
    assert report["fields_kept"] == ["weekly_capacity_hours", "role", "active", "end_date"]
    assert rows(empty_con, TECHS) == [("Ann Lee", 47.5, 20, "L1 technician"), ("Bob Ray", 57, 40, "L2 technician")]


def test_default_capacity_only_for_new_technicians(empty_con) -> None:
    load(empty_con, "techs.csv")
    text = b"technician_name,hourly_cost,weekly_capacity_hours\nAnn Lee,46,\nCy New,30,\n"
    report = ingest_bytes(empty_con, ADMIN, text, "t.csv", Options(today=TODAY))
    assert report["fields_kept"] == ["role", "active", "end_date"]
    assert rows(empty_con, TECHS) == [("Ann Lee", 46, 20, "L1 technician"), ("Bob Ray", 55, 40, "L2 technician"),
                                      ("Cy New", 30, 40, None)]


def test_first_load_has_nothing_to_keep(empty_con) -> None:
    report = load(empty_con, "payroll_update.csv")
    assert report["fields_kept"] == [] and not any("does not carry" in w for w in report["warnings"])
    assert rows(empty_con, TECHS) == [("Ann Lee", 47.5, 40, None), ("Bob Ray", 57, 40, None)]
