"""Review h41 D25 (a yes/no column read as the technician), D6 (a known client's name + a suffix word became a new
client) and D2 (billable hours below the hours worked).

Real files from tests/fixtures/h47 (README.md there: provenance and hand totals) through `moat ingest --json` into
DuckDB on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h47"


def ingest(db: Path, *args: str) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", "--json", "--no-confirm-new-names",
                           *args], capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    return proc.returncode, json.loads(proc.stdout)["files"][0]


def query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(sql).fetchall()


def per_tech(db: Path) -> dict[tuple[str, str], tuple[float, float]]:
    """(technician, client) -> (hours, billable hours) of the current entries."""
    rows = query(db, "select technician_name, client_name, sum(hours), sum(case when billable then hours else 0 end) "
                     "from time_entries where is_current group by all")
    return {(t, c): (round(float(h), 2), round(float(b), 2)) for t, c, h, b in rows}


# --- D25 -------------------------------------------------------------------------------------------------------------


def test_harvest_detailed_time_names_the_person_not_yes(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f65_harvest_detailed_time.csv"))
    assert rc == 0 and f["rows_loaded"] == 3
    assert f["source"] == "harvest_detailed_time"
    assert "Employee?" not in f["source_columns"]
    assert f["totals"] == {"hours": "5.22", "billable_hours": "4.50", "entries": 3}
    assert sorted(f["new_technicians"]) == ["Ann Lee", "John Smith"]
    assert per_tech(db) == {("Ann Lee", "Acme Dental"): (1.4, 1.4), ("Ann Lee", "Bluewater Legal"): (0.72, 0.0),
                            ("John Smith", "Acme Dental"): (3.1, 3.1)}
    assert query(db, "select count(*) from time_entries where technician_name in ('Yes', 'No')") == [(0,)]


def test_a_yes_no_column_is_never_a_name(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "d25_yes_no_technician.csv"))
    assert rc == 2 and f["rejected"] is True and f["rows_loaded"] == 0
    reason = f["errors"][0]["reason"]
    assert "column `Staff` was read as technician_name, but it holds only yes/no values (No, Yes)" in reason
    assert '"Staff": ignore' in reason
    if db.exists():
        assert query(db, "select count(*) from time_entries") == [(0,)]


def test_a_question_header_is_never_the_name_column(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "d25_question_header.csv"))
    assert rc == 0 and f["source_columns"]["Technician"] == "technician_name"
    assert "Employee?" not in f["source_columns"]
    assert per_tech(db) == {("Ann Lee", "Acme Dental"): (1.5, 1.5), ("John Smith", "Acme Dental"): (3.0, 3.0)}


# --- D2 --------------------------------------------------------------------------------------------------------------


def test_billable_hours_below_hours_worked_split_autotask_ui(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f10_time_worked_vs_billable.csv"))
    assert rc == 0 and f["source"] == "autotask_time_ui"
    assert f["rows_read"] == 4 and f["rows_loaded"] == 4 and f["rows_quarantined"] == 0
    assert f["totals"] == {"hours": "7.00", "billable_hours": "5.25", "entries": 6}
    assert f["row_rules"]["partly_billable_split"] == 2
    assert any("2 entries with fewer billable hours than hours worked (row(s) 2, 5)" in w for w in f["warnings"])
    assert per_tech(db) == {("Ann Lee", "Acme Dental"): (2.0, 1.5), ("Ann Lee", "Bluewater Legal"): (1.0, 0.0),
                            ("John Smith", "Acme Dental"): (3.5, 3.5), ("John Smith", "Bluewater Legal"): (0.5, 0.25)}


def test_billable_hours_below_hours_worked_split_connectwise_report(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f37_cw_v_rpt_time.csv"))
    assert rc == 0 and f["source"] == "cw_time_report"
    assert f["rows_read"] == 4 and f["rows_loaded"] == 4
    assert f["totals"]["billable_hours"] == "3.50" and f["totals"]["hours"] == "9.25"
    ids = query(db, "select entry_id, hours, billable from time_entries where is_current and entry_id like '90003%' "
                    "order by entry_id")
    assert [(i, float(h), b) for i, h, b in ids] == [("90003", 2.0, True), ("90003/non-billable", 1.0, False)]
    # the same export again is the same entries (ids stable): nothing doubles
    rc, again = ingest(db, str(FIX / "f37_cw_v_rpt_time.csv"))
    assert rc == 0 and again["already_loaded"] is True
    assert query(db, "select count(*), sum(hours) from time_entries where is_current")[0][0] == 5


# --- D6 --------------------------------------------------------------------------------------------------------------


def test_known_name_plus_suffix_words_is_held_with_the_suggestion(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(FIX / "f29a_clients.csv"))[0] == 0
    rc, f = ingest(db, str(FIX / "f29b_time_name_variants.csv"))
    assert rc == 0 and f["new_clients"] == []
    assert not any("new client" in w for w in f["warnings"])
    held = {e["value"]: e["reason"] for e in f["errors"]}
    for variant in ("Acme Dental Group", "Acme Dental - Main Office"):
        assert f"unknown client '{variant}': did you mean 'Acme Dental'?" in held[variant]
    clients = {c for (c,) in query(db, "select distinct c.client_name from time_entries t join cur_clients c "
                                       "using (client_key) where t.is_current")}
    assert clients == {"Acme Dental", "Johnson & Johnson Plumbing", "O'Brien Accounting"}
    assert query(db, "select count(*) from clients where is_current") == [(5,)]
    assert query(db, "select count(*), sum(hours) from time_entries where is_current") == [(3, 3)]


def test_a_short_one_word_known_name_is_not_suggested_for_every_longer_name(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    clients, time = tmp_path / "clients.csv", tmp_path / "time.csv"
    clients.write_text("Client Name,Monthly Fee,Status\nAcme,100.00,Active\n")
    time.write_text("Date,Technician,Client,Hours,Billable\n2026-03-02,Ann Lee,Acme Roofing Supplies,1.0,Yes\n")
    assert ingest(db, str(clients))[0] == 0
    rc, f = ingest(db, str(time))
    assert rc == 0 and f["rows_loaded"] == 1 and f["new_clients"] == ["Acme Roofing Supplies"]


def test_partly_billable_with_a_non_billable_column_splits_too(tmp_path: Path) -> None:
    """Autotask's UI export with `Non-Billable` beside `Hours to Bill`: the rest of a partly billed entry is not
    billable although the entry's flag says billable."""
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "d2_autotask_nonbillable_col.csv"))
    assert rc == 0 and f["rows_read"] == 2 and f["rows_loaded"] == 2
    assert f["totals"] == {"hours": "3.00", "billable_hours": "1.50", "entries": 3}


# --- D11 -------------------------------------------------------------------------------------------------------------


def test_autotask_project_time_is_held_saying_what_it_is_and_what_to_load(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f38_at_TimeEntries.csv"), "--lookup", str(FIX / "f38_Resources.csv"),
                   "--lookup", str(FIX / "f38_Tickets.csv"), "--lookup", str(FIX / "f38_Companies.csv"))
    assert rc == 0 and f["rows_loaded"] == 3 and f["rows_quarantined"] == 1
    reason = f["errors"][0]["reason"]
    assert f["errors"][0]["row"] == 4
    assert "project time (taskID 5510, no ticketID)" in reason and "Autotask's UI time export" in reason


# --- D21 -------------------------------------------------------------------------------------------------------------


def test_client_option_unlike_the_users_domain_is_warned_about(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(FIX / "f12_billing2.csv"))[0] == 0
    rc, f = ingest(db, "--client", "Bluewater Legal", str(FIX / "f12_m365_active_users_detail.csv"))
    # h71 (h69 D35): acmedental.com is a known client's domain (Acme Dental LLC): refused, no longer only warned
    assert rc == 2 and "which is the domain of 'Acme Dental LLC'" in f["errors"][0]["reason"]


def test_client_option_like_the_users_domain_is_not_warned_about(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(FIX / "f12_billing2.csv"))[0] == 0
    rc, f = ingest(db, "--client", "Acme Dental LLC", str(FIX / "f12_m365_active_users_detail.csv"))
    assert rc == 0 and not any(w.startswith("--client") for w in f["warnings"])
    seats = query(db, "select seats_assigned from licenses where is_current and client_name = 'Acme Dental LLC'")
    assert seats and seats[0][0] is not None


def test_header_only_file_says_it_held_no_rows(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f23_header_only.csv"))
    assert rc == 0 and f["rows_read"] == 0 and f["rows_loaded"] == 0
    assert any(w.startswith("the file holds no rows below its header") for w in f["warnings"])


def test_partly_billable_in_a_decimal_comma_file(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, "--dayfirst", str(FIX / "d2_semicolon_decimal_comma.csv"))
    assert rc == 0 and f["rows_loaded"] == 2
    assert f["totals"] == {"hours": "3.25", "billable_hours": "2.75", "entries": 3}
