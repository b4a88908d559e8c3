"""Current data: newest snapshot per key wins, replace-range removes, rollback restores, diff compares."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from moat import db
from moat.demo import with_keys
from moat.errors import PermissionDenied
from moat.governance import audit
from moat.governance.permissions import User, local_operator
from moat.snapshots import AlreadyLoaded, commit, diff, recompute_current, rollback

OP = local_operator("test")


def invoices(rows: list[tuple[str, str, date, str]]) -> pl.DataFrame:
    df = pl.DataFrame(
        [(n, c, d, Decimal(a)) for n, c, d, a in rows],
        schema={"invoice_number": pl.Utf8, "client_name": pl.Utf8, "date": pl.Date, "amount": pl.Decimal(18, 4)},
        orient="row",
    )
    return with_keys("invoices", df)


def current(con) -> dict[str, Decimal]:
    return {k: v for k, v in db.rows(con, "SELECT invoice_number, amount FROM cur_invoices ORDER BY 1")}


def load(con, name: str, rows, **kw) -> int:
    return commit(con, OP, "invoices", invoices(rows), file_name=name, sha256=name, rows_read=len(rows), **kw).snapshot_id


def test_monthly_exports_accumulate_and_reexports_correct(empty_con) -> None:
    load(empty_con, "jan", [("I1", "Acme", date(2026, 1, 5), "100"), ("I2", "Acme", date(2026, 1, 9), "200")])
    load(empty_con, "feb", [("I3", "Acme", date(2026, 2, 5), "300"), ("I2", "Acme", date(2026, 1, 9), "250")])
    assert current(empty_con) == {"I1": Decimal("100"), "I2": Decimal("250"), "I3": Decimal("300")}


def test_replace_range_drops_rows_missing_from_the_new_file(empty_con) -> None:
    load(empty_con, "a", [("I1", "Acme", date(2026, 1, 5), "100"), ("I2", "Acme", date(2026, 2, 9), "200")])
    load(empty_con, "b", [("I3", "Acme", date(2026, 1, 7), "50")], replace_range=(date(2026, 1, 1), date(2026, 1, 31)))
    assert current(empty_con) == {"I2": Decimal("200"), "I3": Decimal("50")}


def test_rollback_restores_what_was_current_and_matches_recompute(empty_con) -> None:
    load(empty_con, "a", [("I1", "Acme", date(2026, 1, 5), "100")])
    second = load(empty_con, "b", [("I1", "Acme", date(2026, 1, 5), "120"), ("I9", "Acme", date(2026, 1, 6), "9")])
    third = load(empty_con, "c", [("I5", "Acme", date(2026, 1, 20), "5")], replace_range=(date(2026, 1, 15), date(2026, 1, 31)))
    before = current(empty_con)
    with db.transaction(empty_con):
        recompute_current(empty_con, "invoices")
    assert current(empty_con) == before  # incremental maintenance agrees with the definition
    rollback(empty_con, OP, second)
    assert current(empty_con) == {"I1": Decimal("100"), "I5": Decimal("5")}
    rollback(empty_con, OP, third)
    assert current(empty_con) == {"I1": Decimal("100")}
    assert audit.verify(empty_con).ok


def test_same_bytes_are_not_loaded_twice(empty_con) -> None:
    load(empty_con, "a", [("I1", "Acme", date(2026, 1, 5), "100")])
    with pytest.raises(AlreadyLoaded, match="already loaded as snapshot 1"):
        load(empty_con, "a", [("I1", "Acme", date(2026, 1, 5), "100")])
    assert db.scalar(empty_con, "SELECT count(*) FROM invoices") == 1


def test_diff_reports_added_removed_changed(empty_con) -> None:
    a = load(empty_con, "a", [("I1", "Acme", date(2026, 1, 5), "100"), ("I2", "Acme", date(2026, 1, 6), "7")])
    b = load(empty_con, "b", [("I1", "Acme", date(2026, 1, 5), "110"), ("I3", "Acme", date(2026, 1, 6), "8")])
    changes = diff(empty_con, a, b)
    assert changes["added"]["invoice_number"].to_list() == ["I3"]
    assert changes["removed"]["invoice_number"].to_list() == ["I2"]
    assert changes["changed"]["invoice_number"].to_list() == ["I1"]


def test_failed_commit_leaves_database_exactly_as_before(empty_con) -> None:
    load(empty_con, "a", [("I1", "Acme", date(2026, 1, 5), "100")])
    snapshot = db.rows(empty_con, "SELECT * FROM snapshots")
    bad = invoices([("I2", "Acme", date(2026, 1, 5), "100")]).with_columns(pl.lit(None).cast(pl.Date).alias("date"))
    with pytest.raises(db.Error):
        commit(empty_con, OP, "invoices", bad, file_name="bad", sha256="bad", rows_read=1)
    assert db.rows(empty_con, "SELECT * FROM snapshots") == snapshot
    assert current(empty_con) == {"I1": Decimal("100")}
    assert db.scalar(empty_con, "SELECT count(*) FROM audit_log") == 1


def test_viewers_cannot_load_or_roll_back(empty_con) -> None:
    viewer = User("vic", "viewer")
    with pytest.raises(PermissionDenied):
        commit(empty_con, viewer, "invoices", invoices([]), file_name="x", sha256="x", rows_read=0)
    sid = load(empty_con, "a", [("I1", "Acme", date(2026, 1, 5), "100")])
    with pytest.raises(PermissionDenied):
        rollback(empty_con, viewer, sid)


def test_concurrent_commits_from_two_sessions_all_land(tmp_path) -> None:
    """Sessions commit on their own cursors at the same moment: conflicts are retried, nothing is lost or mixed."""
    import threading

    con = db.connect(tmp_path / "c.duckdb")
    errors: list[BaseException] = []

    def session(tag: str) -> None:
        cur = con.cursor()
        try:
            for i in range(15):
                rows = [(f"{tag}{i}", "Acme", date(2026, 1, 5), "10"), ("SHARED", "Acme", date(2026, 1, 6), f"{i}")]
                commit(cur, OP, "invoices", invoices(rows), file_name=f"{tag}{i}", sha256=f"{tag}{i}", rows_read=2)
        except BaseException as err:  # collected for the assertion below
            errors.append(err)

    threads = [threading.Thread(target=session, args=(t,)) for t in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert db.scalar(con, "SELECT count(*) FROM snapshots") == 30
    assert db.scalar(con, "SELECT count(*) FROM invoices") == 60  # every row of every snapshot stored once
    assert db.scalar(con, "SELECT count(*) FROM cur_invoices WHERE invoice_number = 'SHARED'") == 1
    assert audit.verify(con).ok and audit.verify(con).rows == 30
