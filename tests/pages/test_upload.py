"""The Upload page: what AppTest can drive (no file drop), and the page's logic in moat.ingest.upload directly."""

from __future__ import annotations

from pathlib import Path

from moat import db
from moat.governance.permissions import local_operator
from moat.ingest import Options, ingest_bytes, resolve, upload
from tests.helpers import run_page
from tests.ingest.ingest_fixtures import CW_HEADER, CW_ROWS, OLE2, TODAY, csv_text

ADMIN = local_operator("test")


def test_page_shows_templates_and_empty_quarantine(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    at = run_page("upload.py", "analyst")
    assert at.title[0].value == "Upload data"
    assert at.selectbox(key="upload_template_dataset").options[:2] == ["clients", "technicians"]
    assert any("No rows waiting in quarantine" in i.value for i in at.info)
    assert not at.exception


def test_viewer_is_refused(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    at = run_page("upload.py", "viewer")
    assert any("do not have access" in e.value for e in at.error)
    assert not at.exception


def test_page_quarantine_retry_after_alias(demo_path: Path, app_env) -> None:
    con = db.connect(demo_path)
    text = "Member,Company,Date,Hours,Billable\nPriya Shah,Meridian Dental Grop,2026-10-01,2,Yes\n"
    ingest_bytes(con, ADMIN, text.encode(), "halo.csv", Options(today=TODAY))
    resolve.add_alias(con, ADMIN, "Meridian Dental Grop", "Meridian Dental Group")
    con.close()
    app_env(demo_path)
    at = run_page("upload.py", "analyst")
    shown = at.dataframe[-1].value
    assert shown["file_name"].tolist() == ["halo.csv"] and shown["row_number"].tolist() == [2]
    assert "did you mean 'Meridian Dental Group'" in shown["reason"][0]
    at.button(key="upload_quarantine_retry").click().run()
    assert any("1 rows loaded, 0 still quarantined" in s.value for s in at.success)
    assert any("No rows waiting in quarantine" in i.value for i in at.info)
    assert not at.exception


def test_analyze_mapping_edit_date_question_and_commit(empty_con) -> None:
    odd = "Who,Customer,When,Time,Bill?\nPriya,Acme,03/04/2026,1,Yes\n"
    first = upload.analyze(empty_con, ADMIN, odd.encode(), "odd.csv", dataset="time_entries")
    assert first.prepared is None and "no column for technician_name" in first.error
    columns = {"Who": "technician_name", "When": "date", "Time": "hours", "Bill?": "billable"}
    asked = upload.analyze(empty_con, ADMIN, odd.encode(), "odd.csv", dataset="time_entries", columns=columns)
    assert asked.ask_date_order and asked.date_example == "03/04/2026"
    done = upload.analyze(empty_con, ADMIN, odd.encode(), "odd.csv", dataset="time_entries", columns=columns, dayfirst=True)
    p = done.prepared
    assert p.date_order == "dmy" and p.preview()["date"].to_list()[0].isoformat() == "2026-04-03"
    assert ("Customer", "client_name", upload.mapping_choices(p)[1][2]) == upload.mapping_choices(p)[1]
    assert upload.profile_of(p).columns["Who"] == "technician_name"
    report = upload.commit(empty_con, ADMIN, p)
    assert report["rows_loaded"] == 1 and not report["already_loaded"]
    assert upload.commit(empty_con, ADMIN, p)["already_loaded"]
    rejected = upload.analyze(empty_con, ADMIN, OLE2, "old.xls")
    assert "cannot read: save as .xlsx or CSV" in rejected.error


def test_analyze_reports_quality_before_commit(empty_con) -> None:
    text = csv_text(CW_HEADER, CW_ROWS + [["4", "A", "B", "10/01/2026", "x", "B", "", ""]])
    p = upload.analyze(empty_con, ADMIN, text.encode(), "cw.csv").prepared
    assert p.quality["validity"] == 0.75 and p.quality["score"] < 100
    assert p.quarantine["row_number"].to_list() == [5]
    assert db.scalar(empty_con, "SELECT count(*) FROM snapshots") == 0


def test_headline_says_how_the_dates_were_read_never_a_dash(empty_con) -> None:
    """h81/h88: a file of ISO dates had the headline "... · dates -"; a file without dates the same dash."""
    def headline(text: str, name: str, **kw) -> str:
        return upload.present(upload.analyze(empty_con, ADMIN, text.encode(), name, **kw), False).headline

    iso = headline("Member,Company,Date,Hours,Billable\nPriya Shah,Acme,2026-10-01,2,Yes\n", "iso.csv")
    assert iso.endswith("· dates unambiguous (no day/month order to choose)") and "dates -" not in iso, iso
    day_first = headline("Member,Company,Date,Hours,Billable\nPriya Shah,Acme,31/10/2026,2,Yes\n", "dmy.csv")
    assert day_first.endswith("· dates day-first"), day_first
    month_first = headline("Member,Company,Date,Hours,Billable\nPriya Shah,Acme,10/31/2026,2,Yes\n", "mdy.csv")
    assert month_first.endswith("· dates month-first"), month_first
    clients = headline("Client,Segment\nAcme,Dental\n", "clients.csv", dataset="clients")
    assert "dates" not in clients and clients.endswith("delimiter ','"), clients


def test_quarantine_table_has_human_headers(demo_path: Path, app_env) -> None:
    """h103: the Upload page drew its quarantine list, the file preview and the rows it will not load with the
    field names as headers (file_name, row_number, column_name; the preview's dates as "2026-11-03 00:00:00" and
    empty cells as "None"): every table goes through ``widgets.table``, as the README promises."""
    import json

    con = db.connect(demo_path)
    text = "Member,Company,Date,Hours,Billable\nPriya Shah,Meridian Dental Grop,2026-10-01,2,Yes\n"
    ingest_bytes(con, ADMIN, text.encode(), "halo.csv", Options(today=TODAY))
    con.close()
    app_env(demo_path)
    at = run_page("upload.py", "analyst")
    table = at.dataframe[-1]
    labels = {k: v["label"] for k, v in json.loads(table.proto.columns or "{}").items() if "label" in v}
    assert labels == {"snapshot_id": "Snapshot", "file_name": "File", "row_number": "Row", "column_name": "Column",
                      "value": "Value", "reason": "Reason"}
    assert table.value["file_name"].tolist() == ["halo.csv"]
    assert not at.exception


def test_quarantine_reasons_name_the_pages_buttons(demo_path: Path, app_env) -> None:
    """h103 left: the Upload page's reasons said "confirm it with `moat aliases confirm "Zenith Labz" --kind client`
    ..., then `moat quarantine retry`" right under its own confirm buttons. The page names its controls; the
    stored reason (what the CLI prints, what the page's pickers read) keeps the command."""
    con = db.connect(demo_path)
    text = ("Member,Company,Date,Hours,Billable\nPriya Shah,Meridian Dental Grop,2026-10-01,2,Yes\n"
            "Priya Shah,Zenith Labz,2026-10-02,1.5,Yes\n")
    ingest_bytes(con, ADMIN, text.encode(), "halo.csv", Options(today=TODAY, confirm_new_names=True))
    stored = sorted(r[0] for r in con.execute("SELECT reason FROM quarantine WHERE status = 'open'").fetchall())
    con.close()
    assert any("`moat aliases confirm \"Zenith Labz\" --kind client`" in r for r in stored), stored
    app_env(demo_path)
    at = run_page("upload.py", "analyst")
    shown = sorted(at.dataframe[-1].value["reason"].tolist())
    assert not any("`moat " in r for r in shown), shown
    assert any(r.endswith("new client name Zenith Labz: confirm it with \"Confirm new clients\" beside its file, or under "
                          "\"New clients waiting\" in the Quarantine section; its rows then load") for r in shown), shown
    assert any("did you mean 'Meridian Dental Group'? confirm the match under \"Suggested name matches\" in the Quarantine "
               "section; its rows are then retried" in r for r in shown), shown
    assert [s.value for s in at.subheader][:2] == ["Suggested name matches", "New clients waiting"]  # the controls named
    assert not at.exception
