"""D5, D15, D31: what a `--replace-range` load and a repeated load do to the database (h28's review files)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from moat.db import rows
from moat.errors import FileRejected
from moat.governance.permissions import local_operator
from moat.ingest import Options, ingest_bytes
from moat.snapshots import rollback
from tests.ingest.ingest_fixtures import TODAY

ADMIN = local_operator("test")
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h32"
NOV = (date(2026, 11, 1), date(2026, 11, 30))
STATE = ("SELECT (SELECT count(*) FROM snapshots), (SELECT count(*) FROM cur_invoices), (SELECT sum(amount) FROM cur_invoices), "
         "(SELECT count(*) FROM cur_time_entries), (SELECT sum(hours) FROM cur_time_entries)")


def load(con, name: str, **kw) -> dict:
    return ingest_bytes(con, ADMIN, (FIX / name).read_bytes(), name, Options(today=TODAY, **kw))


def load_text(con, text: str, name: str = "nov.csv", **kw) -> dict:
    return ingest_bytes(con, ADMIN, text.encode(), name, Options(today=TODAY, **kw))


NOV_CSV = "Invoice #,Customer,Invoice Date,Amount\n1,Acme Corp,2026-11-03,100.00\n2,Beta Dental,2026-11-05,50.00\n"


def test_header_only_replacement_is_refused_naming_what_it_would_remove(empty_con) -> None:
    load_text(empty_con, NOV_CSV)
    before = rows(empty_con, STATE)
    with pytest.raises(FileRejected) as err:
        load(empty_con, "headers_only.csv", replace_range=NOV)
    assert "loads no rows (none) but --replace-range 2026-11-01..2026-11-30 would remove the 2 current invoices (150.00)" in str(err.value)
    assert "--allow-empty-replace" in str(err.value)
    assert rows(empty_con, STATE) == before  # nothing written


def test_all_quarantined_replacement_is_refused(empty_con) -> None:
    load_text(empty_con, NOV_CSV)
    with pytest.raises(FileRejected, match=r"loads no rows \(1 quarantined\)(.|\n)*fix what kept its rows out"):
        load_text(empty_con, "Invoice #,Customer,Invoice Date,Amount\n3,Acme Corp,2026-11-09,lots\n", "bad.csv", replace_range=NOV)
    assert rows(empty_con, "SELECT count(*) FROM cur_invoices") == [(2,)]


def test_empty_replacement_applies_when_asked(empty_con) -> None:
    load_text(empty_con, NOV_CSV)
    report = load(empty_con, "headers_only.csv", replace_range=NOV, allow_empty_replace=True)
    assert report["rows_loaded"] == 0
    assert rows(empty_con, "SELECT count(*) FROM cur_invoices") == [(0,)]


def test_empty_replacement_of_an_empty_range_is_harmless(empty_con) -> None:
    load_text(empty_con, NOV_CSV)
    load(empty_con, "headers_only.csv", replace_range=(date(2026, 10, 1), date(2026, 10, 31)))
    assert rows(empty_con, "SELECT count(*) FROM cur_invoices") == [(2,)]


def test_rows_outside_the_range_are_refused_naming_the_span(empty_con) -> None:
    load(empty_con, "twomonths.csv")
    before = rows(empty_con, STATE)
    with pytest.raises(FileRejected) as err:
        load(empty_con, "twomonths_v2.csv", replace_range=(date(2026, 3, 1), date(2026, 3, 31)))
    assert "2 of its 4 rows lie outside --replace-range 2026-03-01..2026-03-31: the file spans 2026-03-02..2026-04-03" in str(err.value)
    assert "--replace-range 2026-03-02 2026-04-03" in str(err.value)
    assert rows(empty_con, STATE) == before
    load(empty_con, "twomonths_v2.csv", replace_range=(date(2026, 3, 1), date(2026, 4, 30)))
    by_month = rows(empty_con, "SELECT month(date), sum(hours) FROM cur_time_entries GROUP BY 1 ORDER BY 1")
    assert by_month == [(3, 4), (4, 5)]  # March 1.5 + 2.5, April 4 + 1: the newer export only


def test_same_bytes_with_a_replace_range_is_not_already_loaded(empty_con) -> None:
    load(empty_con, "twomonths.csv")
    load(empty_con, "twomonths_reexport.csv")
    with pytest.raises(FileRejected) as err:
        load(empty_con, "twomonths_reexport.csv", replace_range=(date(2026, 3, 1), date(2026, 4, 30)))
    assert "already loaded as snapshot 2 with other settings (--replace-range none then, 2026-03-01..2026-04-30 now)" in str(err.value)
    assert "moat snapshots rollback 2" in str(err.value)
    rollback(empty_con, ADMIN, 2)
    load(empty_con, "twomonths_reexport.csv", replace_range=(date(2026, 3, 1), date(2026, 4, 30)))
    assert rows(empty_con, "SELECT count(*), sum(hours) FROM cur_time_entries") == [(4, 8.5)]


def test_same_bytes_with_another_date_order_is_refused(empty_con) -> None:
    load(empty_con, "amb_small.csv", dayfirst=False)
    with pytest.raises(FileRejected, match=r"already loaded as snapshot 1 with other settings \(date order mdy then, dmy now\)"):
        load(empty_con, "amb_small.csv", dayfirst=True)
    assert rows(empty_con, "SELECT CAST(date AS VARCHAR) FROM cur_invoices ORDER BY 1") == [("2026-03-04",), ("2026-05-06",)]
    again = load(empty_con, "amb_small.csv", dayfirst=False)  # the very same request: already loaded, as before
    assert again["already_loaded"] is True


def test_id_less_reexport_with_a_corrected_entry_warns_naming_replace_range(empty_con) -> None:
    load(empty_con, "twomonths.csv")
    report = load(empty_con, "twomonths_reexport.csv")
    warning = next(w for w in report["warnings"] if w.startswith("possible re-export"))
    assert "3 of its 4 rows equal rows already loaded from twomonths.csv, and 1 current row(s) of 2026-03-02..2026-04-02" in warning
    assert "--replace-range 2026-03-02 2026-04-02" in warning
    again = load(empty_con, "twomonths_reexport.csv")  # the same bytes: already loaded, no advice
    assert again["already_loaded"] and not any(w.startswith("possible re-export") for w in again["warnings"])


def test_a_following_export_that_only_overlaps_does_not_warn(empty_con) -> None:
    load(empty_con, "twomonths.csv")
    text = ("Date,Technician,Client,Hours,Billable\n04/02/2026,Bob Ray,Beta Dental,3,Yes\n"
            "04/20/2026,Bob Ray,Beta Dental,1,Yes\n")
    report = load_text(empty_con, text, "april.csv")
    assert not any(w.startswith("possible re-export") for w in report["warnings"])
    assert rows(empty_con, "SELECT count(*), sum(hours) FROM cur_time_entries") == [(5, 9)]


def test_upload_page_commit_refuses_a_replacement_by_zero_rows(empty_con) -> None:
    from moat.ingest import upload

    load_text(empty_con, NOV_CSV)
    analysis = upload.analyze(empty_con, ADMIN, (FIX / "headers_only.csv").read_bytes(), "headers_only.csv")
    report = upload.commit(empty_con, ADMIN, analysis.prepared, NOV)
    kind, message = upload.commit_message(report)
    assert kind == "info" and message.startswith("Not committed:") and "would remove the 2 current invoices" in message
    assert rows(empty_con, "SELECT count(*) FROM cur_invoices") == [(2,)]


def test_the_span_suggested_says_what_it_would_replace(empty_con) -> None:
    """h103: the refusal's hint ("run again with --replace-range <the file's span>") led a user with a two-row file
    to replace a whole month: 1,495.5 h of every other client's time went, with only a note after the load. The
    hint now says how many current rows that span holds (which the file's rows replace) and how to add the rows
    instead."""
    load(empty_con, "twomonths.csv")
    with pytest.raises(FileRejected) as err:
        load(empty_con, "twomonths_v2.csv", replace_range=(date(2026, 3, 1), date(2026, 3, 31)))
    (held, hours), = rows(empty_con, "SELECT count(*), sum(hours) FROM cur_time_entries "
                                      "WHERE date BETWEEN DATE '2026-03-02' AND DATE '2026-04-03'")
    assert held > 0
    text = str(err.value)
    assert f"that span now holds {held} current time entries ({hours:,.2f} h), which its 4 rows would replace" in text
    assert "leave out --replace-range to add its rows to those already loaded" in text
