"""D35: a negative-hours row that corrects an earlier entry loads as a correction; any other says what to do."""

from __future__ import annotations

from pathlib import Path

from moat.db import rows
from moat.governance.permissions import local_operator
from moat.ingest import Options, ingest_bytes
from tests.ingest.ingest_fixtures import TODAY

ADMIN = local_operator("test")
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h32"


def load(con, name: str, text: str | None = None) -> dict:
    data = text.encode() if text is not None else (FIX / name).read_bytes()
    return ingest_bytes(con, ADMIN, data, name, Options(today=TODAY))


def test_reversal_line_nets_out(empty_con) -> None:
    report = load(empty_con, "neg_hours.csv")
    assert (report["rows_loaded"], report["rows_quarantined"]) == (2, 0)
    assert report["totals"]["hours"] == "2.00"
    assert "1 negative-hours row(s) loaded as corrections of earlier entries (-1.00 h in all)" in report["warnings"]
    assert rows(empty_con, "SELECT sum(hours) FROM cur_time_entries") == [(2,)]


def test_correction_of_an_entry_loaded_before(empty_con) -> None:
    load(empty_con, "first.csv", "Date,Technician,Client,Hours,Billable\n03/16/2026,Ann Lee,Acme Corp,3,Yes\n")
    report = load(empty_con, "fix.csv", "Date,Technician,Client,Hours,Billable\n03/17/2026,Ann Lee,Acme Corp,-0.5,Yes\n")
    assert report["rows_loaded"] == 1
    assert rows(empty_con, "SELECT sum(hours) FROM cur_time_entries") == [(2.5,)]


def test_negative_row_with_nothing_to_correct_says_what_to_do(empty_con) -> None:
    text = "Date,Technician,Client,Hours,Billable\n03/18/2026,Bob Ray,Acme Corp,-2,Yes\n03/19/2026,Ann Lee,Acme Corp,1,Yes\n"
    report = load(empty_con, "neg2.csv", text)
    assert (report["rows_loaded"], report["rows_quarantined"]) == (1, 1)
    reason = report["errors"][0]["reason"]
    assert "no earlier entry of Bob Ray for Acme Corp on or before 2026-03-18 to correct" in reason
    assert "moat quarantine retry" in reason


def test_connectwise_login_only_names_the_column_and_the_fix(empty_con) -> None:
    """D29: v_rpt_Time with member_id only (a login): the reason names the column, the login and what to export."""
    report = load(empty_con, "cw_rpt_login.csv")
    assert (report["rows_loaded"], report["rows_quarantined"]) == (0, 2)
    reason = report["errors"][0]["reason"]
    assert "named only by the login in column member_id ('alee')" in reason
    assert "first_name and last_name" in reason
