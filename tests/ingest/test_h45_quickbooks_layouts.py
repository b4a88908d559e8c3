"""Review h41 D24, D22: QuickBooks sales exports whose customer is a column on every row (a QBO Sales by Customer
Detail customised with the Customer column and no grouping; a QB Desktop list export with `Customer:Job` names) load
with the report's rules; a detail report with no customer at all is refused in the user's words (never the internal
`group_label`).

The reviewer's files (tests/fixtures/h45; hand totals in its README) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tests.ingest.cli_runs import ingest_json as ingest

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h45"


def revenue(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql("select client_name, count(*), sum(amount)::DOUBLE from cur_invoices group by 1 order by 1").fetchall()


def test_qbo_detail_with_a_customer_column_loads(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f64_qbo_sales_detail_ungrouped.csv"))
    assert rc == 0 and f["source"] == "qbo_sales_customer_detail"
    # by hand: Acme 1500.00 + 437.50 - 200.00 (credit memo) = 1737.50; Bluewater 2250.00; Balance (running) unread
    assert revenue(db) == [("Acme Dental", 3, 1737.5), ("Bluewater Legal", 1, 2250.0)]
    assert f["totals"]["amount"] == "3987.50"


def test_qbd_list_with_customer_job_names_counts_jobs_for_their_customer(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f61_qbd_customer_job_list.csv"))
    assert rc == 0 and f["source"] == "qbd_sales_customer_detail"
    # by hand: Acme Dental 1500 + 1000 + 3450 (jobs "Acme Dental:Server Upgrade") - 150 (credit memo) = 5800; Bluewater 2250
    assert revenue(db) == [("Acme Dental", 4, 5800.0), ("Bluewater Legal", 1, 2250.0)]


def test_detail_without_a_customer_is_refused_in_the_users_words(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f64b_qbo_sales_detail_no_customer.csv"))
    assert rc == 2 and f["rejected"] is True
    reason = f["errors"][0]["reason"]
    assert "no column for the customer (a Customer column, or each customer's name on a row of its own" in reason
    assert "group_label" not in reason and "column_1" not in reason


def test_customer_job_names_through_a_mapping_count_for_the_customer(tmp_path: Path) -> None:
    """The reviewer's plain mapping (Name -> client_name) of the same list: jobs still count for Acme Dental."""
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f61_qbd_customer_job_list.csv"), "--mapping", str(FIX / "f61_map.yaml"))
    assert rc == 0 and f["source"] == "mapping"
    assert "`Name`: 2 rows named as Customer:Job counted for the customer (QuickBooks' jobs belong to their customer)" in f["warnings"]
    assert revenue(db) == [("Acme Dental", 4, 5800.0), ("Bluewater Legal", 1, 2250.0)]
    assert sorted(f["new_clients"]) == ["Acme Dental", "Bluewater Legal"]  # never "Acme Dental:Server Upgrade"
