"""Content keys of id-less rows: a documented, library-independent hash, pinned to literal values."""

from __future__ import annotations

import hashlib
from importlib import resources

from moat.db import rows
from moat.governance.permissions import local_operator
from moat.ingest import Options, ingest_bytes
from moat.ingest.fx import load_rates
from tests.ingest.ingest_fixtures import TODAY

ADMIN = local_operator("test")
SEP, NULL = "\u241f", "\u2400"


def ingest(con, text: str, name: str = "t.csv") -> dict:
    return ingest_bytes(con, ADMIN, text.encode(), name, Options(today=TODAY))


def test_known_row_has_a_pinned_key(empty_con) -> None:
    ingest(empty_con, "Member,Company,Date,Hours,Billable\nPriya Shah,Acme Corp.,2026-10-01,1.5,Yes\n")
    (key,), = rows(empty_con, "SELECT row_key FROM time_entries")
    # canonical content: technician_key, client_key, date, hours, billable, work_type, notes, cost_rate, bill_rate
    content = SEP.join(["priya shah", "acme", "2026-10-01", "1.5000", "true", NULL, NULL, NULL, NULL])
    assert key == "c:" + hashlib.md5(content.encode()).hexdigest() + "#0"  # a key, not security
    assert key == "c:dc088ca9689824e6be43469a3842ae8e#0"  # any change to the key definition must fail here


def test_repeats_numbered_among_id_less_rows_only(empty_con) -> None:
    text = ("Time Entry ID,Member,Company,Date,Hours,Billable\n"
            "T1,Priya Shah,Acme,2026-10-01,1,Yes\n,Priya Shah,Acme,2026-10-01,1,Yes\n,Priya Shah,Acme,2026-10-01,1,Yes\n")
    assert ingest(empty_con, text)["rows_loaded"] == 3
    keys = [k for (k,) in rows(empty_con, "SELECT row_key FROM time_entries ORDER BY source_row")]
    content = SEP.join(["priya shah", "acme", "2026-10-01", "1.0000", "true", NULL, NULL, NULL, NULL])
    digest = hashlib.md5(content.encode()).hexdigest()
    assert keys == ["T1", f"c:{digest}#0", f"c:{digest}#1"]


def test_reexport_of_id_less_file_supersedes_instead_of_doubling(empty_con) -> None:
    text = "Client,Date,Amount,Category\nAcme,2026-10-01,10,software\nAcme,2026-10-01,10,software\n"
    ingest(empty_con, text, "costs.csv")
    ingest(empty_con, text + "\n", "costs-again.csv")  # other bytes, same rows
    assert rows(empty_con, "SELECT count(*), sum(amount) FROM cur_costs") == [(2, 20)]


def test_migration_rekeys_old_polars_keys_exactly_as_ingestion_does(empty_con) -> None:
    load_rates(empty_con, ADMIN, b"currency,month,rate_to_base\nEUR,2026-10,1.1\n", "r.csv", "USD")
    ingest(empty_con, "ContactName,InvoiceDate,Total,Currency,Status\nAcme,2026-10-01,100,USD,paid\n"
                      "Acme,2026-10-02,80,EUR,paid\nAcme,2026-10-02,80,EUR,paid\n", "inv.csv")
    ingest(empty_con, "Member,Company,Date,Hours,Billable,Notes\nA B,Acme,2026-10-01,1,Yes,x\nA B,Acme,2026-10-01,1,Yes,x\n")
    ingest(empty_con, "Client,Date,Amount,Category\n,2026-10-01,10,rent\n", "costs.csv")
    tables = ("invoices", "time_entries", "costs")
    before = {t: rows(empty_con, f"SELECT rowid, row_key FROM {t} ORDER BY rowid") for t in tables}
    for i, t in enumerate(tables):  # what the polars-hash key looked like: c:<u64>#n
        empty_con.execute(f"UPDATE {t} SET row_key = 'c:1844674407370955{i}#' || split_part(row_key, '#', 2)")
    sql = (resources.files("moat.migrations") / "010_fx_rates.sql").read_text(encoding="utf-8")
    empty_con.execute(sql)
    assert {t: rows(empty_con, f"SELECT rowid, row_key FROM {t} ORDER BY rowid") for t in tables} == before
    assert len(before["invoices"]) == 3 and all(k.startswith("c:") for t in tables for _, k in before[t])
