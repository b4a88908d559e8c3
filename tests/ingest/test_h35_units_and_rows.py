"""Review h34: internal time is never billable (D14), licence Cost as line total (D7), Hours + Minutes columns (D6),
a neutral Duration in minutes (D1). Each test loads a file under tests/fixtures/h35 through the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h35"


def _moat(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "moat", "--db", str(db), *args],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=300)


def _ingest(db: Path, *args: str) -> tuple[int, dict]:
    proc = _moat(db, "ingest", "--json", *args)
    return proc.returncode, json.loads(proc.stdout) if proc.stdout.strip() else {"stderr": proc.stderr}


def test_d14_connectwise_charge_code_time_is_worked_not_billable(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out = _ingest(db, str(FIX / "cw_chargecode.csv"))
    assert rc == 0, out
    f = out["files"][0]
    assert f["row_rules"]["internal_time"] == 1
    assert f["totals"] == {"hours": "3.00", "billable_hours": "1.00", "entries": 2}
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.sql("select entry_id, client_name, billable from cur_time_entries where is_current order by entry_id").fetchall()
    assert rows == [("801", None, False), ("802", "Summit Capital", True)]
    proc = _moat(db, "metrics", "utilization", "--from", "2026-04-06", "--to", "2026-04-06", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    [u] = json.loads(proc.stdout)
    assert (float(u["billable_hours"]), float(u["worked_hours"])) == (1.0, 3.0)
    assert u["billable_utilization"] == 0.125


def test_d14_autotask_owner_company_time_is_not_billable(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out = _ingest(db, str(FIX / "at_TimeEntries.csv"), "--lookup", str(FIX / "at_Resources.csv"),
                      "--lookup", str(FIX / "at_Tickets2.csv"), "--lookup", str(FIX / "at_Companies.csv"))
    assert rc == 0, out
    f = out["files"][0]
    assert f["row_rules"]["internal_time"] == 1
    assert f["totals"] == {"hours": "5.50", "billable_hours": "1.50", "entries": 3}
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.sql("select entry_id, client_name, billable from cur_time_entries where is_current order by entry_id").fetchall()
    assert rows == [("5001", "Summit Capital", True), ("5002", "Harbor Logistics", False), ("5004", None, False)]


def _tables(db: Path) -> dict[str, int]:
    """Row counts of every table, to prove a refused file changed nothing."""
    if not db.exists():
        return {}
    with duckdb.connect(str(db), read_only=True) as con:
        names = [r[0] for r in con.sql("select table_name from information_schema.tables where table_type = 'BASE TABLE'").fetchall()]
        return {n: con.execute(f'select count(*) from "{n}"').fetchall()[0][0] for n in names}


def _hours(db: Path) -> list[tuple[str, float, bool]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [(c, float(h), b) for c, h, b in con.sql(
            "select client_name, hours, billable from cur_time_entries where is_current order by date, client_name").fetchall()]


def test_d6_hours_and_minutes_columns_add_up(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out = _ingest(db, str(FIX / "w04_hours_minutes.csv"))
    assert rc == 0, out
    f = out["files"][0]
    assert f["totals"] == {"hours": "3.75", "billable_hours": "1.50", "entries": 2}  # 1 h 30 + 2 h 15
    assert any(w.startswith("`Hours` and `Minutes` split the duration") for w in f["warnings"])
    assert _hours(db) == [("Summit Capital", 1.5, True), ("Harbor Logistics", 2.25, False)]


def test_d6_same_duration_twice_uses_hours(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out = _ingest(db, str(FIX / "hours_minutes_twice.csv"))
    assert rc == 0, out
    assert out["files"][0]["totals"] == {"hours": "1.75", "billable_hours": "1.50", "entries": 2}


def test_d6_hours_and_minutes_neither_split_nor_same_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert _ingest(db, str(FIX / "w04_hours_minutes.csv"))[0] == 0
    before = _tables(db)
    rc, out = _ingest(db, str(FIX / "hours_minutes_unclear.csv"))
    assert rc == 2
    reason = out["files"][0]["errors"][0]["reason"]
    assert reason.startswith("hours_minutes_unclear.csv: `Hours` and `Minutes` are both durations but neither the same duration twice")
    assert '{"Hours": hours, "Minutes": ignore}' in reason
    assert _tables(db) == before


def test_d1_neutral_duration_of_whole_minutes_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out = _ingest(db, str(FIX / "t01_duration_minutes.csv"))
    assert rc == 2
    reason = out["files"][0]["errors"][0]["reason"]
    assert reason.startswith("t01_duration_minutes.csv: `Duration` looks like minutes, not hours (every value is a whole number, up to 20)")
    assert 'columns: {"Duration": minutes}' in reason
    counts = _tables(db)
    assert (counts["time_entries"], counts["snapshots"], counts["audit_log"]) == (0, 0, 0)


def test_d1_neutral_duration_that_holds_hours_still_loads(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out = _ingest(db, str(FIX / "duration_hours.csv"))
    assert rc == 0, out
    assert out["files"][0]["totals"] == {"hours": "6.75", "billable_hours": "4.75", "entries": 4}


def _licence_cost(db: Path) -> list[tuple[str, int, float]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [(c, s, float(u)) for c, s, u in con.sql(
            "select client_name, seats_purchased, unit_cost from cur_licenses where is_current order by client_name, product").fetchall()]


def test_d7_bare_cost_that_is_the_line_total_is_divided_by_the_seats(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out = _ingest(db, str(FIX / "l04_cost_ambiguous.csv"))
    assert rc == 0, out
    f = out["files"][0]
    assert f["totals"]["cost"] == "2232.00"  # 1,800 + 432, not 50 x 1,800 + 12 x 432 = 95,184
    assert f["source_columns"]["Cost"] == "total_cost"
    assert any(w.startswith("`Cost` is the cost of the whole line") for w in f["warnings"])
    assert _licence_cost(db) == [("Harbor Logistics", 50, 36.0), ("Summit Capital", 12, 36.0)]


def test_d7_bare_cost_that_is_per_seat_stays_per_seat(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out = _ingest(db, str(FIX / "licence_cost_per_seat.csv"))
    assert rc == 0, out
    assert out["files"][0]["totals"]["cost"] == "2244.00"  # 50 x 36 + 12 x 36 + 3 x 4
    assert _licence_cost(db) == [("Harbor Logistics", 50, 36.0), ("Summit Capital", 3, 4.0), ("Summit Capital", 12, 36.0)]


def test_d7_bare_cost_the_numbers_do_not_settle_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out = _ingest(db, str(FIX / "licence_cost_unsettled.csv"))
    assert rc == 2
    reason = out["files"][0]["errors"][0]["reason"]
    assert reason.startswith("licence_cost_unsettled.csv: `Cost` holds 1,800.00 on a line of several seats, more than 500.00 "
                             "a seat a month: the line's total or the cost per seat?")
    assert 'columns: {"Cost": total_cost} (or unit_cost)' in reason
    counts = _tables(db)
    assert (counts["licenses"], counts["snapshots"], counts["audit_log"]) == (0, 0, 0)


def test_d4_total_row_labelled_in_another_column_is_skipped(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out = _ingest(db, str(FIX / "y03e_total_with_date.csv"))
    assert rc == 0, out
    f = out["files"][0]
    assert (f["rows_loaded"], f["rows_skipped"]) == (2, 1)
    assert f["totals"] == {"amount": "3000.00", "documents": 2}  # not 6,000 with a client "All Clients"
    assert "skipped 1 total row (rows 4); never loaded as data" in f["warnings"]
    assert sorted(f["new_clients"]) == ["Harbor Logistics", "Summit Capital"]


def test_d13_placeholder_clients_are_quarantined_not_new_clients(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out = _ingest(db, str(FIX / "b03_internal_client.csv"))
    assert rc == 0, out
    f = out["files"][0]
    assert (f["rows_loaded"], f["rows_quarantined"]) == (1, 3)
    assert f["totals"] == {"hours": "1.00", "billable_hours": "1.00", "entries": 1}
    assert f["new_clients"] == ["Summit Capital"]
    reasons = {e["value"]: e["reason"] for e in f["errors"]}
    assert reasons["-"] == "client_name: client `-` is a placeholder for no client, not a client's name: fill in the client (or delete the row) and retry"
    assert reasons["(none)"].startswith("client_name: client `(none)` is a placeholder for no client")
    assert reasons["Internal"].startswith("client_name: client `Internal` is not a client: fill in the client it was for")
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.sql("select distinct client_name from cur_time_entries where is_current").fetchall() == [("Summit Capital",)]


def test_d10_refusal_hint_never_maps_an_id_column_to_a_name(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out = _ingest(db, str(FIX / "f01_cw_identifiers.csv"))
    assert rc == 2
    reason = out["files"][0]["errors"][0]["reason"]
    assert "no column for client_name (`company.name`); `company.identifier` looks like one" in reason
    assert "`company.id`" not in reason and "`member.id`" not in reason
    # h75 (h69 D27): the technician, which no column looks like, is in the mapping too, as a placeholder to fill in
    assert reason.endswith('--mapping map.yaml with columns: {"company.identifier": client_name, '
                           '"<your column for technician_name>": technician_name}')


def test_m6_page_lines_and_repeated_headers_are_skipped_not_quarantined(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out = _ingest(db, str(FIX / "g01b_repeated_header_only.csv"))
    assert rc == 0, out
    f = out["files"][0]
    assert (f["rows_loaded"], f["rows_quarantined"], f["rows_skipped"]) == (3, 0, 4)
    assert f["totals"] == {"amount": "3300.00", "documents": 3}
    assert ("skipped 1 blank row, 2 page or report line rows, 1 repeated header row (rows 4, 5, 6, 8); never loaded as data"
            in f["warnings"])
    rc, out = _ingest(db, str(FIX / "g02_time_repeated_header.csv"))
    assert rc == 0, out
    f = out["files"][0]
    assert (f["rows_loaded"], f["rows_quarantined"], f["rows_skipped"]) == (2, 0, 2)
    assert f["totals"] == {"hours": "5.00", "billable_hours": "2.00", "entries": 2}
