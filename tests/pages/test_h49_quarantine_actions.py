"""F3: the Quarantine section lets an analyst confirm a never-seen name and discard a row that will never load,
without the file in the uploader and without the command line.

Before: only "Suggested name matches" (misspellings) and "Retry"; a new name's rows and a row with hours "abc"
stayed listed forever, and the reasons pointed at `moat aliases`.
"""

from __future__ import annotations

from pathlib import Path

from moat import db
from moat.governance.permissions import local_operator
from moat.ingest import Options, ingest_bytes
from tests.helpers import run_page
from tests.ingest.ingest_fixtures import TODAY

ADMIN = local_operator("test")
HEADER = "entry_id,technician_name,client_name,date,hours,billable,work_type,notes,cost_rate,bill_rate\n"
ROWS = ("TE-H49-1,Jane Newtech,Harbor Logistics,2026-10-01,2,true,helpdesk,x,60,120\n"
        "TE-H49-2,Priya Shah,Harbor Logistics,2026-10-02,abc,true,helpdesk,y,60,120\n")


def open_rows(path: Path) -> list[tuple]:
    con = db.connect(path)
    try:
        return db.rows(con, "SELECT column_name, value FROM quarantine WHERE status = 'open' ORDER BY row_number")
    finally:
        con.close()


def snapshot_of(path: Path) -> int:
    con = db.connect(path)
    try:
        return int(db.scalar(con, "SELECT max(snapshot_id) FROM quarantine WHERE status = 'open'"))
    finally:
        con.close()


def test_confirm_a_new_name_then_discard_a_row_from_the_quarantine(demo_path: Path, app_env) -> None:
    con = db.connect(demo_path)
    ingest_bytes(con, ADMIN, (HEADER + ROWS).encode(), "dec_time.csv", Options(today=TODAY, confirm_new_names=True))
    con.close()
    assert [r[1] for r in open_rows(demo_path)] == ["Jane Newtech", "abc"]
    app_env(demo_path)
    at = run_page("upload.py", "analyst")
    assert not at.exception
    assert "New technicians waiting" in [h.value for h in at.subheader]
    assert at.multiselect(key="upload_q_new_technicians").value == ["Jane Newtech"]
    at.button(key="upload_q_new_technicians_go").click().run()
    assert not at.exception
    assert any("1 technicians confirmed; waiting rows retried: 1 loaded" in s.value for s in at.success), \
        [s.value for s in at.success] + [e.value for e in at.error]
    assert [r[1] for r in open_rows(demo_path)] == ["abc"]

    con = db.connect(demo_path)
    row_id = db.scalar(con, "SELECT quarantine_id FROM quarantine WHERE status = 'open'")
    con.close()
    assert at.multiselect(key="upload_q_discard").options == [f"snapshot {snapshot_of(demo_path)}, row 3: hours 'abc'"]
    at.multiselect(key="upload_q_discard").set_value([row_id]).run()
    at.button(key="upload_q_discard_go").click().run()
    assert any("discarding rows needs a reason" in e.value for e in at.error)  # refused, nothing lost
    assert [r[1] for r in open_rows(demo_path)] == ["abc"]
    at.text_input(key="upload_q_discard_why").set_value("corrected file to follow").run()
    at.button(key="upload_q_discard_go").click().run()
    assert not at.exception
    assert any("Discarded 1 quarantined row" in s.value for s in at.success)
    assert open_rows(demo_path) == []
    assert any("No rows waiting in quarantine" in i.value for i in at.info)
    con = db.connect(demo_path)
    try:
        assert db.scalar(con, "SELECT count(*) FROM audit_log WHERE action = 'quarantine_discard'") == 1
    finally:
        con.close()
