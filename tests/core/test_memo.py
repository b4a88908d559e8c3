"""The page-run memo (``moat.memo``): reused only while the data is the same, and only for read snapshots."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from moat import db, memo, snapshots
from moat.analytics import whatif
from moat.analytics.evidence import gather
from moat.analytics.whatif import Scenario
from moat.governance.permissions import User, local_operator
from moat.ingest import resolve
from moat.metrics import Period, profitability, summary
from moat.snapshots import rollback

QUARTER = Period(date(2026, 8, 1), date(2026, 10, 31))
ANALYST = User("memo-analyst", "analyst")


@pytest.fixture
def con(demo_path: Path):
    memo.clear()
    con = db.connect(demo_path)
    yield con
    con.close()
    memo.clear()


def page(con: db.Connection) -> db.Connection:
    """A cursor as a page run gets it (``moat.ui.state.connection``)."""
    return db.read_snapshot(con.cursor())


def test_a_page_run_reuses_what_an_earlier_run_computed_on_the_same_data(con: db.Connection) -> None:
    first = profitability(page(con), QUARTER)
    second = profitability(page(con), QUARTER)
    assert second is first  # the very frame: nothing was asked of DuckDB again
    assert second.equals(profitability.uncached(con, QUARTER))
    assert profitability(page(con), Period(date(2026, 7, 1), date(2026, 9, 30))) is not first  # other arguments


def test_reads_outside_a_read_snapshot_always_compute(con: db.Connection) -> None:
    assert profitability(con, QUARTER) is not profitability(con, QUARTER)
    assert memo.size() == 0


def test_in_memory_databases_are_never_memoised() -> None:
    memo.clear()
    mem = db.connect(":memory:")
    assert profitability(page(mem), QUARTER) is not profitability(page(mem), QUARTER)
    assert memo.size() == 0


def test_a_rollback_gives_new_figures_and_the_memo_holds_both_versions(con: db.Connection) -> None:
    before = summary(page(con), QUARTER)
    newest = db.scalar(con, "SELECT max(snapshot_id) FROM snapshots WHERE dataset = 'invoices'")
    rollback(con, local_operator("t"), newest)
    after = summary(page(con), QUARTER)
    assert after is not before
    assert after.equals(summary.uncached(con, QUARTER))
    revenue = {r["metric"]: r["value"] for r in after.iter_rows(named=True)}["revenue"]
    assert revenue != {r["metric"]: r["value"] for r in before.iter_rows(named=True)}["revenue"]


def test_a_confirmed_alias_changes_the_data_version(con: db.Connection) -> None:
    version = snapshots.data_version(con)
    resolve.add_alias(con, local_operator("t"), "Meridian Dental Grp", "Meridian Dental Group")
    assert snapshots.data_version(con) != version


def test_each_caller_gets_its_own_evidence_sharing_the_frames(con: db.Connection) -> None:
    one, two = gather(page(con), QUARTER, with_detail=False), gather(page(con), QUARTER, with_detail=False)
    assert one is not two and one.prof is two.prof
    one.detail = pl.DataFrame({"x": [1]})  # what the Explain page does to its copy
    assert two.detail.is_empty()


def test_what_if_on_a_page_connection_sees_its_own_change(con: db.Connection) -> None:
    out = whatif.simulate(page(con), ANALYST, QUARTER, Scenario("Meridian Dental Group", new_monthly_fee=Decimal("20000")))
    assert out.client_after["revenue"] == Decimal("60000")
    assert out.client_after["revenue"] != out.client_before["revenue"]


def test_the_memo_is_bounded(con: db.Connection) -> None:
    for month in range(1, memo.MAX_ENTRIES + 10):
        start = date(2024 + month // 12, month % 12 + 1, 1)
        profitability(page(con), Period(start, start))
    assert memo.size() == memo.MAX_ENTRIES


def test_the_memo_is_bounded_in_memory_too(con: db.Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    one = profitability(page(con), QUARTER)
    assert memo.held_bytes() == one.estimated_size() > 0
    monkeypatch.setattr(memo, "MAX_BYTES", one.estimated_size() + 1)  # room for one such frame, not two
    two = profitability(page(con), Period(date(2026, 5, 1), date(2026, 7, 31)))
    assert memo.size() == 1 and memo.held_bytes() == two.estimated_size()
    assert profitability(page(con), QUARTER) is not one  # the older one was dropped
    evidence = gather(page(con), QUARTER, with_detail=False)
    assert memo.estimated_bytes(evidence) >= evidence.prof.estimated_size() + evidence.client_month.estimated_size()
