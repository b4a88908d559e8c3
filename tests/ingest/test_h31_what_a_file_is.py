"""What a file is and which column is which (review h28: D1, D2, D3, D11, D12, D25, D26, D32, D36, D37).

Every file is under tests/fixtures/h31/ (README there: source of each format and its hand-computed totals). Each test
loads it with the real CLI into a DuckDB file on disk and asserts the numbers, or the exact refusal and that the
database is exactly as it was.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from moat.cli import main
from tests.ingest.cli_runs import dump, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h31"


def ingest(capsys, db: Path, name: str, *extra: str) -> tuple[int, dict]:
    code = main(["--db", str(db), "ingest", str(FIX / name), "--json", *extra])
    report = json.loads(capsys.readouterr().out)["files"][0]
    return code, report


def reason(report: dict) -> str:
    return report["errors"][0]["reason"]


def revenue(db: Path) -> dict[str, Decimal]:
    return dict(rows(db, "SELECT client_name, sum(amount) FROM cur_invoices WHERE coalesce(lower(status), '') NOT IN ('void', 'draft') "
                         "GROUP BY 1 ORDER BY 1"))


# --- D1: everyday invoice / timesheet / staff files are never a clients file ---------------------------------------

@pytest.mark.parametrize("name", ["tax_v2.csv", "tax_v4.csv", "tax_v5.csv", "g1.csv", "wrapped_headers.xlsx"])
def test_d1_invoice_registers_load_as_invoices(tmp_path: Path, app_env, capsys, name: str) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, name)
    assert code == 0 and report["dataset"] == "invoices"
    total = {"g1.csv": Decimal("1700.00")}.get(name, Decimal("1500.00"))  # net of tax: 1000.00 + 500.00
    assert Decimal(report["totals"]["amount"]) == total and report["totals"]["documents"] == 2
    assert rows(db, "SELECT count(*) FROM cur_clients WHERE monthly_fee IS NOT NULL OR segment IS NOT NULL") == [(0,)]


@pytest.mark.parametrize(("name", "looks_like", "missing"), [
    # h46 (h41 D13): `Billable Hours` is the billable_hours field now, so only the hours are missing
    ("g3.csv", "time_entries (Technician -> technician_name, Client -> client_name, Date -> date", "Billable Hours -> billable_hours; no column for hours or minutes or seconds)"),
    ("g8.csv", "time_entries (Tech -> technician_name, Customer -> client_name, Notes -> notes", "no column for date, hours or minutes or seconds, billable or non_billable"),
    ("time_nobillable.csv", "time_entries (Date -> date, Technician -> technician_name, Client -> client_name, Hours -> hours",
     "no column for billable or non_billable"),
    ("members_rate_only.csv", "technicians (Name -> technician_name, Title -> role", "no column for hourly_cost or annual_cost or monthly_cost"),
])
def test_d1_time_and_staff_files_are_refused_and_clients_keep_their_facts(tmp_path: Path, app_env, capsys, name: str,
                                                                          looks_like: str, missing: str) -> None:
    db = app_env(tmp_path / "m.duckdb")
    assert ingest(capsys, db, "clients_master.csv")[0] == 0
    before = dump(db)
    code, report = ingest(capsys, db, name)
    assert code == 2 and report["rejected"]
    text = reason(report)
    assert "its columns do not make one dataset: they read as " + looks_like in text
    assert missing in text and "only clients has every required column" in text and "nothing was loaded" in text
    assert "--dataset" in text and "--mapping map.yaml" in text
    assert dump(db) == before
    assert rows(db, "SELECT client_name, segment, agreement_type, monthly_fee, status, start_date FROM cur_clients ORDER BY 1") == [
        ("Acme Corp", "healthcare", "managed", Decimal("8790.00"), "active", __import__("datetime").date(2021, 4, 10)),
        ("Beta Dental", "manufacturing", "managed", Decimal("12800.00"), "active", __import__("datetime").date(2020, 10, 29)),
    ]


def test_d1_dataset_flag_settles_it(tmp_path: Path, app_env, capsys) -> None:
    """The refusal's own way out works: --dataset clients loads the names as clients when that is what is meant."""
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, "members_rate_only.csv", "--dataset", "clients")
    assert code == 0 and report["dataset"] == "clients" and report["rows_loaded"] == 2


# --- D2: revenue is net of tax ------------------------------------------------------------------------------------

def test_d2_net_tax_gross_loads_net(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, "tax_v7.csv")
    assert code == 0 and report["source_columns"]["Net"] == "amount"
    assert revenue(db) == {"Acme Corp": Decimal("1000.00"), "Beta Dental": Decimal("500.00")}


def test_d2_total_beside_tax_without_net_is_refused(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    (tmp_path / "t.csv").write_text("Invoice #,Customer,Invoice Date,Tax,Total\nT1,Acme Corp,03/02/2026,200.00,1200.00\n")
    code = main(["--db", str(db), "ingest", str(tmp_path / "t.csv"), "--json"])
    report = json.loads(capsys.readouterr().out)["files"][0]
    assert code == 2
    assert reason(report) == (
        "t.csv: `Total` may include the tax in `Tax`, and revenue is net of tax; the file has no net amount column\n"
        "Hint: export the amount before tax (a Net / Subtotal column), or, if `Total` is before tax, map it: moat ingest t.csv "
        "--dataset invoices --mapping map.yaml with columns: {\"Total\": amount, \"Tax\": ignore}")
    assert rows(db, "SELECT count(*) FROM cur_invoices") == [(0,)]


# --- D3: Customer + Total with a date and an invoice number per row is an invoice list ------------------------------

def test_d3_invoice_list_with_subtotal_tax_total_is_not_a_quickbooks_summary(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, "tax_v1.csv")
    assert code == 0 and report["source"] == "generic" and report["dataset"] == "invoices"
    assert revenue(db) == {"Acme Corp": Decimal("1000.00"), "Beta Dental": Decimal("500.00")}


# --- D11: document types in a plain invoice file ---------------------------------------------------------------------

def test_d11_credit_memo_negative_payment_and_estimate_skipped(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, "gen_types.csv")
    assert code == 0
    assert (report["rows_read"], report["rows_loaded"], report["rows_skipped"]) == (6, 4, 2)
    assert "the source's row rules skipped 1 x payment: not revenue; 1 x estimate: not revenue" in report["warnings"]
    assert revenue(db) == {"Acme Corp": Decimal("1100.00")}  # 1200.00 - 100.00; Beta's void/draft/payment/estimate: 0
    assert rows(db, "SELECT amount FROM cur_invoices WHERE invoice_number = 'H2'") == [(Decimal("-100.00"),)]


# --- D12: minutes ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["time_minutes.csv", "time_mins.csv"])
def test_d12_minutes_header_converts_to_hours(tmp_path: Path, app_env, capsys, name: str) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, name)
    assert code == 0 and report["dataset"] == "time_entries"
    assert Decimal(report["totals"]["hours"]) == Decimal("2.00")  # 90 + 30 minutes
    assert any("is in minutes (its header says so): hours = minutes / 60" in w for w in report["warnings"])


@pytest.mark.parametrize(("name", "col", "value"), [("time_spent_minutes.csv", "Time Spent", "45"), ("time_duration_90.csv", "Duration", "90")])
def test_d12_neutral_header_with_minute_values_is_refused(tmp_path: Path, app_env, capsys, name: str, col: str, value: str) -> None:
    db = app_env(tmp_path / "m.duckdb")
    before = dump(db) if db.exists() else None
    code, report = ingest(capsys, db, name)
    assert code == 2
    assert reason(report).startswith(f"{name}: `{col}` looks like minutes, not hours (a value of {value} is more than 24 hours)")
    assert f'columns: {{"{col}": minutes}}' in reason(report)
    assert rows(db, "SELECT count(*) FROM cur_time_entries") == [(0,)] and (before is None or dump(db) == before)


def test_d12_mapping_to_minutes_loads_the_refused_file(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    (tmp_path / "map.yaml").write_text("dataset: time_entries\ncolumns:\n  Time Spent: minutes\n")
    code, report = ingest(capsys, db, "time_spent_minutes.csv", "--mapping", str(tmp_path / "map.yaml"))
    assert code == 0 and report["rows_loaded"] == 4
    assert Decimal(report["totals"]["hours"]) == Decimal("1.50")  # (15 + 20 + 10 + 45) / 60, per row to 2 places


# --- D25: a costs file's client column ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["costs_client.csv", "costs_vendor.csv"])
def test_d25_costs_client_column_is_the_client(tmp_path: Path, app_env, capsys, name: str) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, name)
    assert code == 0 and report["dataset"] == "costs"
    by_client = dict(rows(db, "SELECT coalesce(client_name, '(overhead)'), sum(amount) FROM cur_costs GROUP BY 1"))
    expected = {"Acme Corp": Decimal("250.00"), "Beta Dental": Decimal("99.00")}
    if name == "costs_vendor.csv":
        expected["(overhead)"] = Decimal("2000.00")
    assert by_client == expected


# --- D26: a licence total at the selling price is not the MSP's cost ---------------------------------------------------

@pytest.mark.parametrize(("name", "total", "price"), [("lic_price_total.csv", "Line Total", "Price"), ("g5.csv", "Total", "Unit Price")])
def test_d26_price_total_is_not_a_cost(tmp_path: Path, app_env, capsys, name: str, total: str, price: str) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, name)
    assert code == 2
    text = reason(report)
    assert "licenses (" in text and "no column for unit_cost or total_cost" in text
    assert f"`{total}` is a total beside the selling price `{price}` (quantity x price, what the client pays), not the MSP's cost" in text
    assert "--dataset licenses --mapping map.yaml" in text
    assert rows(db, "SELECT count(*) FROM cur_licenses") == [(0,)]


# --- D32: a repeated Reference / ticket ID is not a row key ----------------------------------------------------------

def test_d32_repeated_reference_is_not_the_invoice_number(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, "gen_reference.csv")
    assert code == 0 and (report["rows_loaded"], report["rows_quarantined"]) == (4, 0)
    assert revenue(db) == {"Acme Corp": Decimal("3600.00"), "Beta Dental": Decimal("800.00")}
    assert any(w.startswith("`Reference` repeats (3 rows share a value)") for w in report["warnings"])


def test_d32_ticket_id_is_not_the_entry_id(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, "time_id_col.csv")
    assert code == 0 and (report["rows_loaded"], report["rows_quarantined"]) == (4, 0)
    assert Decimal(report["totals"]["hours"]) == Decimal("5.00")


# --- D36 / D37: technician capacity and cost units ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ["techs_capacity_frac.csv", "techs_capacity_pct.csv", "techs_fte.csv"])
def test_d36_capacity_fraction_is_fte(tmp_path: Path, app_env, capsys, name: str) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, name)
    assert code == 0
    assert any("weekly capacity = it x the standard week of 40 hours" in w for w in report["warnings"])
    assert rows(db, "SELECT technician_name, weekly_capacity_hours FROM cur_technicians ORDER BY 1") == [
        ("Ann Lee", Decimal("40.00")), ("Bob Ray", Decimal("20.00"))]
    assert ingest(capsys, db, "ut_time.csv")[0] == 0
    code = main(["--db", str(db), "metrics", "utilization", "--from", "2026-03-16", "--to", "2026-03-20", "--format", "json"])
    util = {r["technician_name"]: r for r in json.loads(capsys.readouterr().out)}
    assert code == 0
    assert Decimal(str(util["Ann Lee"]["available_hours"])) == Decimal("40") and Decimal(str(util["Bob Ray"]["available_hours"])) == Decimal("20")


def test_d37_annual_cost_is_refused_naming_the_unit(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, "techs_cost_annual.csv")
    assert code == 2
    assert reason(report) == (
        "techs_cost_annual.csv: `Cost` holds 72,000.00, more than 500.00 an hour: a yearly or monthly figure, not an hourly cost, "
        "and its header does not say which\nHint: say the unit: rename the column `Annual Cost`, `Monthly Cost` or `Hourly Cost`, "
        "or map it: moat ingest techs_cost_annual.csv --dataset technicians --mapping map.yaml with columns: {\"Cost\": annual_cost} "
        "(or monthly_cost, hourly_cost)")
    assert rows(db, "SELECT count(*) FROM cur_technicians") == [(0,)]


def test_d37_annual_header_or_mapping_converts_to_hourly(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    (tmp_path / "map.yaml").write_text("dataset: technicians\ncolumns:\n  Cost: annual_cost\n")
    code, report = ingest(capsys, db, "techs_cost_annual.csv", "--mapping", str(tmp_path / "map.yaml"))
    assert code == 0
    assert any("hourly cost = Cost / 2080 hours (40 h x 52 weeks)" in w for w in report["warnings"])
    assert rows(db, "SELECT technician_name, round(hourly_cost, 2) FROM cur_technicians ORDER BY 1") == [
        ("Ann Lee", Decimal("34.62")), ("Bob Ray", Decimal("30.00"))]
    (tmp_path / "annual.csv").write_text('Technician,Annual Salary\nAnn Lee,"72,000"\n')
    code = main(["--db", str(tmp_path / "b.duckdb"), "ingest", str(tmp_path / "annual.csv"), "--json"])
    capsys.readouterr()
    assert code == 0 and rows(tmp_path / "b.duckdb", "SELECT round(hourly_cost, 2) FROM cur_technicians") == [(Decimal("34.62"),)]


def test_d37_salary_of_a_part_timer_is_per_the_hours_worked(tmp_path: Path, app_env, capsys) -> None:
    """`Salary` with `Hours per Week`: 72,000 / (40 x 52) = 34.62; 62,400 / (20 x 52) = 60.00 an hour."""
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, "payroll_salary.csv")
    assert code == 0 and report["source_columns"]["Salary"] == "hourly_cost"
    assert rows(db, "SELECT technician_name, round(hourly_cost, 2), weekly_capacity_hours FROM cur_technicians ORDER BY 1") == [
        ("Ann Lee", Decimal("34.62"), Decimal("40.00")), ("Bob Ray", Decimal("60.00"), Decimal("20.00"))]


def test_d3_timesheet_with_a_total_footer_is_not_a_quickbooks_summary(tmp_path: Path, app_env, capsys) -> None:
    """`,,,Total:,5.50,` under a timesheet is a footer, not the header of a QuickBooks Sales by Customer Summary."""
    db = app_env(tmp_path / "m.duckdb")
    code, report = ingest(capsys, db, "timesheet_total_footer.csv")
    assert code == 0 and report["dataset"] == "time_entries" and report["source"] == "generic"
    assert (report["rows_read"], report["rows_loaded"], report["rows_skipped"]) == (4, 3, 1)
    assert Decimal(report["totals"]["hours"]) == Decimal("5.50") and Decimal(report["totals"]["billable_hours"]) == Decimal("3.50")
