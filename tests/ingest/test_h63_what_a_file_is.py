"""Review h60 F15, F2, F10, F21: what a file is (a vendor list is costs, a device list is no clients file), refusals
that name the right source and a fix the user can do, and `--client` for a report whose client is in its title.

Files under tests/fixtures/h63 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.cli_runs import ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h63"


def ingest(db: Path, name: str, *extra: str) -> tuple[int, dict]:
    return ingest_json(db, str(FIX / name), *extra)


def test_f15_vendor_transactions_are_refused_as_sales_naming_costs(tmp_path: Path) -> None:
    """A QuickBooks vendor / expense transaction list was refused as a Sales by Customer Detail asking to remove its
    rows; following that hint loaded nothing with exit 0. It is refused saying it is a costs file."""
    for name in ("qbo_vendor_txns.csv", "qbo_vendor_txns_followed_hint.csv"):
        db = tmp_path / f"{name}.duckdb"
        rc, f = ingest(db, name)
        assert rc == 2 and f["rows_loaded"] == 0, name
        reason = f["errors"][0]["reason"]
        assert "this is a costs file" in reason and "--dataset costs" in reason, name
        assert "Sales by Customer Detail" not in reason and "remove those rows" not in reason, name


def test_f15_costs_skip_bill_payments_and_count_vendor_credits_negative(tmp_path: Path) -> None:
    """Acme Dental: bill 1,450.00 - vendor credit 450.00 = 1,000.00; Harbor Logistics: check 600.00; overhead: Comcast
    expense 120.00. The bill payment of 1,000.00 pays bill B-881 (already a cost): skipped. 1,720.00 (was 2,720.00)."""
    db = tmp_path / "c.duckdb"
    rc, f = ingest(db, "qbo_vendor_txns.csv", "--dataset", "costs")
    assert rc == 0 and f["dataset"] == "costs" and f["rows_loaded"] == 4 and f["rows_skipped"] == 1
    assert f["totals"]["amount"] == "1720.00"
    got = rows(db, "select coalesce(client_name, '(overhead)'), sum(amount)::double from cur_costs group by 1 order by 1")
    assert got == [("(overhead)", 120.0), ("Acme Dental", 1000.0), ("Harbor Logistics", 600.0)]


def test_f10_device_list_is_no_clients_file(tmp_path: Path) -> None:
    """NinjaOne devices (Organization, Location, Display Name, Device Type, OS Name, Last Contact ...) loaded 2
    clients from `Organization` alone and held the 3rd device as a duplicate client. Refused; nothing written."""
    db = tmp_path / "n.duckdb"
    rc, f = ingest(db, "ninja_devices.csv")
    assert rc == 2 and f["rows_loaded"] == 0
    reason = f["errors"][0]["reason"]
    assert "only `Organization` reads as a clients field" in reason and "not a clients list" in reason
    assert not db.exists() or rows(db, "select count(*) from cur_clients") == [(0,)]


def test_f2_sage_list_is_not_called_quickbooks(tmp_path: Path) -> None:
    """Sage Business Cloud's sales invoice list (5 of the QuickBooks Invoice List's 11 headers) was refused as that
    report, asking for `Due Date` / `Open Balance`. It loads by its own columns: Net (not Total, which has VAT), en-GB
    dates; Acme 1,200.00 - 100.00 (credit note SCN-7) = 1,100.00, Harbor 850.00; the Void SI-103 (300.00) is stored
    void and counts in no revenue: 1,950.00."""
    db = tmp_path / "s.duckdb"
    rc, f = ingest(db, "sage_bc_sales.csv")
    assert rc == 0 and f["dataset"] == "invoices" and f["rows_loaded"] == 4
    got = rows(db, "select client_name, sum(amount)::double from cur_invoices where status <> 'void' group by 1 order by 1")
    assert got == [("Acme Dental Ltd", 1100.0), ("Harbor Logistics", 850.0)]
    assert rows(db, "select invoice_number, date::varchar from cur_invoices where status = 'void'") == [("SI-103", "2026-03-22")]


def test_f2_refusals_name_no_other_vendor_and_only_canonical_fields(tmp_path: Path) -> None:
    """A near miss of QuickBooks' Invoice List (7 of 11 headers) asks for no `due_date` / `open_balance` field (not
    fields of invoices), but for the report's columns by their names. A TD SYNNEX billing list's refusal asks to map
    a licence field (unit_cost), which the user can do."""
    rc, f = ingest(tmp_path / "t.duckdb", "tdsynnex_streamone_billing.csv")
    assert rc == 2 and f["rows_loaded"] == 0
    reason = f["errors"][0]["reason"]
    assert '{"Unit Price": unit_cost}' in reason
    from moat.ingest import recognise

    header = ["Date", "Num", "Customer", "Amount", "Transaction Type", "Memo/Description", "Terms"]
    near = recognise.near_miss(header, "invoices")
    assert near is not None and near.source.id == "qbo_invoice_list"
    text = str(recognise.refusal("x.csv", near, header, None))
    assert "due_date" not in text and "open_balance" not in text
    assert "no `Due Date` or `Open Balance` column" in text


def test_f21_client_in_the_title_only(tmp_path: Path) -> None:
    """A per-customer time report (`Customer:,Acme Dental` above the header, no client column): without --client it is
    refused naming `--client 'Acme Dental'`; with it 2 entries load for Acme Dental: 1.50 h billable + 2.00 h = 3.50 h."""
    db = tmp_path / "t.duckdb"
    rc, f = ingest(db, "per_client_time_title.csv")
    assert rc == 2 and f["rows_loaded"] == 0
    assert "--client 'Acme Dental'" in f["errors"][0]["reason"]
    rc, f = ingest(db, "per_client_time_title.csv", "--client", "Acme Dental")
    assert rc == 0 and f["dataset"] == "time_entries" and f["rows_loaded"] == 2
    got = rows(db, "select client_name, sum(hours)::double, sum(case when billable then hours else 0 end)::double "
                   "from cur_time_entries group by 1")
    assert got == [("Acme Dental", 3.5, 1.5)]


def test_f21_client_option_beside_a_client_column_is_warned(tmp_path: Path) -> None:
    """An invoice file with its own Customer column keeps its clients; --client is said to be unused (was silent)."""
    db = tmp_path / "i.duckdb"
    rc, f = ingest(db, "inv_with_numbers.csv", "--client", "Acme Dental")
    assert rc == 0 and f["rows_loaded"] == 2
    assert any("--client 'Acme Dental' was not used" in w and "`Customer`" in w for w in f["warnings"])
    assert rows(db, "select count(distinct client_name) from cur_invoices") == [(2,)]
