"""moat.views.audit: the chain's verdict in a sentence and the filters' rows."""

from __future__ import annotations

from datetime import date

from moat.db import scalar
from moat.governance.permissions import User
from moat.views import audit as view

ADA = User("ada", "admin")


def test_verdict_and_filters(demo_con) -> None:
    total = scalar(demo_con, "SELECT count(*) FROM audit_log")
    assert view.verification(demo_con) == (True, f"Chain intact: all {total} rows verify.")
    assert view.actions(demo_con)[0] == view.ALL and "commit" in view.actions(demo_con)
    everything = view.matching(demo_con, ADA, view.ALL, "  ", " ")
    assert everything.rows.height == total and everything.count == f"{total} matching rows"
    commits = view.matching(demo_con, ADA, "commit")
    assert commits.rows.height == scalar(demo_con, "SELECT count(*) FROM audit_log WHERE action = 'commit'")
    assert view.matching(demo_con, ADA, until=date(2000, 1, 1)).rows.is_empty()
    demo_con.execute("UPDATE audit_log SET object = 'snapshot:999' WHERE seq = 2")
    ok, verdict = view.verification(demo_con)
    assert not ok and verdict.startswith("Chain BROKEN at row 2: ") and verdict.endswith("Restore a backup and investigate.")


def test_the_page_shows_a_thousand_rows_and_downloads_all() -> None:
    import polars as pl

    many = view.Matching(pl.DataFrame({"seq": range(1500)}), "1500 matching rows")
    assert many.shown.height == view.SHOWN == 1000 and many.rows.height == 1500
