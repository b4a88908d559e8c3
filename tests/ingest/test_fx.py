"""Multi-currency (issue 3): the rate table, conversion at the month's rate, and quarantine without a rate."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from moat.cli import main
from moat.db import rows, scalar
from moat.errors import FileRejected, PermissionDenied
from moat.governance.permissions import User, local_operator
from moat.ingest import Options, ingest_bytes, quarantine
from moat.ingest.fx import list_rates, load_rates
from tests.ingest.ingest_fixtures import TODAY

ADMIN = local_operator("test")
RATES = b"currency,month,rate_to_base\nEUR,2026-10,1.0855\nGBP,2026-10-01,1.25\nEUR,Nov 2026,1.10\n"


def ingest(con, text: str, name: str = "file.csv") -> dict:
    return ingest_bytes(con, ADMIN, text.encode(), name, Options(today=TODAY))


def test_invoices_converted_at_the_months_rate_and_originals_kept(empty_con) -> None:
    assert load_rates(empty_con, ADMIN, RATES, "rates.csv", "usd")["rates_loaded"] == 3
    r = ingest(empty_con, "InvoiceNumber,ContactName,InvoiceDate,Total,Currency\n"
                          "I1,Acme,2026-10-01,100,USD\nI2,Acme,2026-10-02,80.05,EUR\nI3,Acme,2026-10-20,£50,\n"
                          "I4,Acme,2026-11-03,€-12.34,\nI5,Acme,2026-12-01,10,EUR\n", "xero.csv")
    assert (r["rows_loaded"], r["rows_quarantined"]) == (4, 1)
    # 80.05 x 1.0855 = 86.894275 -> 86.8943 (half-up); 50 x 1.25 = 62.5; -12.34 x 1.10 = -13.574
    assert rows(empty_con, "SELECT invoice_number, amount, currency, original_currency, original_amount, fx_rate "
                           "FROM cur_invoices ORDER BY 1") == [
        ("I1", Decimal("100.0000"), "USD", None, None, None),
        ("I2", Decimal("86.8943"), "USD", "EUR", Decimal("80.0500"), Decimal("1.0855")),
        ("I3", Decimal("62.5000"), "USD", "GBP", Decimal("50.0000"), Decimal("1.25")),
        ("I4", Decimal("-13.5740"), "USD", "EUR", Decimal("-12.3400"), Decimal("1.10")),
    ]
    assert scalar(empty_con, "SELECT sum(amount) FROM cur_invoices") == Decimal("235.8203")  # 100 + 86.8943 + 62.5 - 13.574
    (err,) = r["errors"]
    assert err["row"] == 6 and "no EUR rate for 2026-12" in err["reason"] and "moat rates load" in err["reason"]

    # the missing rate arrives: a retry loads the quarantined row at December's rate (10 x 0.9 = 9)
    load_rates(empty_con, ADMIN, b"currency,month,rate_to_base\nEUR,2026-12,0.9\n", "dec.csv", "USD")
    again = quarantine.retry(empty_con, ADMIN, r["snapshot_id"])
    assert (again["rows_loaded"], again["rows_quarantined"]) == (1, 0)
    assert rows(empty_con, "SELECT amount, original_amount FROM cur_invoices WHERE invoice_number = 'I5'") == [
        (Decimal("9.0000"), Decimal("10.0000"))]


def test_costs_and_licence_unit_costs_converted(empty_con) -> None:
    load_rates(empty_con, ADMIN, RATES, "rates.csv", "USD")
    r = ingest(empty_con, "Client,Date,Amount,Category\nAcme,2026-10-05,\"€1.000,00\",software\nAcme,2026-10-06,20,rent\n", "costs.csv")
    assert r["rows_loaded"] == 2
    assert rows(empty_con, "SELECT amount, original_currency, original_amount FROM cur_costs ORDER BY date") == [
        (Decimal("1085.5000"), "EUR", Decimal("1000.0000")), (Decimal("20.0000"), None, None)]
    r = ingest(empty_con, "Customer,Product,Month,Quantity,Unit Cost,Unit Price\nAcme,M365 E3,2026-11,10,€36.00,€43.21\n", "lic.csv")
    assert r["rows_loaded"] == 1
    # 36 x 1.10 = 39.6; 43.21 x 1.10 = 47.531
    assert rows(empty_con, "SELECT unit_cost, unit_price, original_currency, original_unit_cost, original_unit_price, fx_rate "
                           "FROM cur_licenses") == [
        (Decimal("39.6000"), Decimal("47.5310"), "EUR", Decimal("36.0000"), Decimal("43.2100"), Decimal("1.1"))]


def test_time_entries_in_another_currency_stay_quarantined(empty_con) -> None:
    load_rates(empty_con, ADMIN, RATES, "rates.csv", "USD")
    r = ingest(empty_con, "Member,Company,Date,Hours,Billable,Bill Rate\nA B,Acme,2026-10-01,1,Yes,€100\n")
    assert (r["rows_loaded"], r["rows_quarantined"]) == (0, 1)
    assert "not summed with USD amounts" in r["errors"][0]["reason"]


def test_rates_file_checked_whole_and_replacements_audited(empty_con) -> None:
    with pytest.raises(FileRejected, match=r"row 3: rate '-1' is not a positive number.*row 4: USD is the base currency"):
        load_rates(empty_con, ADMIN, b"currency,month,rate_to_base\nEUR,2026-10,1.1\nEUR,2026-11,-1\nUSD,2026-10,1\n", "bad.csv", "USD")
    with pytest.raises(FileRejected, match="second, different EUR rate for 2026-10"):
        load_rates(empty_con, ADMIN, b"currency,month,rate_to_base\nEUR,2026-10,1.1\nEUR,2026-10-15,1.2\n", "dup.csv", "USD")
    assert scalar(empty_con, "SELECT count(*) FROM fx_rates") == 0
    with pytest.raises(PermissionDenied):
        load_rates(empty_con, User("v", "viewer"), RATES, "rates.csv", "USD")
    load_rates(empty_con, ADMIN, RATES, "rates.csv", "USD")
    done = load_rates(empty_con, ADMIN, b"Currency;Month;Rate\nEUR;2026-10;1,09\n", "fix.csv", "USD")
    assert done["replaced"] == [{"currency": "EUR", "month": "2026-10", "old_rate": "1.08550000", "new_rate": "1.09000000"}]
    assert list_rates(empty_con, "USD").select("currency", "month", "rate_to_base").rows() == [
        ("EUR", date(2026, 10, 1), Decimal("1.09")), ("EUR", date(2026, 11, 1), Decimal("1.1")), ("GBP", date(2026, 10, 1), Decimal("1.25"))]
    (details,) = rows(empty_con, "SELECT details FROM audit_log WHERE action = 'load_rates' ORDER BY seq DESC LIMIT 1")[0]
    assert json.loads(details)["replaced"][0]["old_rate"] == "1.08550000"


def test_rates_cli(tmp_path: Path, app_env, capsys) -> None:
    db = app_env(tmp_path / "m.duckdb")
    good, bad = tmp_path / "rates.csv", tmp_path / "bad.csv"
    good.write_bytes(RATES)
    bad.write_text("currency,month,rate_to_base\nEU,2026-10,1\n", encoding="utf-8")
    assert main(["--db", str(db), "rates", "load", str(good), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["rates_loaded"], out["base_currency"], out["currencies"]) == (3, "USD", ["EUR", "GBP"])
    assert main(["--db", str(db), "rates", "load", str(bad)]) == 2
    assert "not a 3-letter code" in capsys.readouterr().err
    assert main(["--db", str(db), "rates", "list", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("base_currency,currency,month,rate_to_base") and len(lines) == 4
