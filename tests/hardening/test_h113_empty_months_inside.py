"""h113: h97 F8's skip of empty months only looked at the data's first and last day. One invoice mistyped as 1995
(an ordinary data-entry slip the loader accepts: dates from 1990 on) put every month from 1995 to 2025 inside that
range, so a Viewer's "revenue per month from April 1995 to October 2026" ran profitability for some 370 empty months
before being refused (about 40 s of wall time on the shared 2-core machine, against 5.5 s now), before the rate
limit, question after question. A month in which nothing is dated is now skipped whatever the range holds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import moat
from moat import db, memo
from moat.metrics.periods import Period
from moat.metrics.small_slices import small_slice

WIDE = Period(date(1995, 4, 1), date(2026, 10, 31))  # 379 calendar months; data in 13 of them (and March 1995)


def test_empty_months_inside_the_data_range_are_not_computed(demo_path: Path, tmp_path: Path) -> None:
    slip = tmp_path / "slip.csv"
    slip.write_text("Invoice Number,Customer,Invoice Date,Amount\nOLD-1,Harbor Logistics,1995-03-10,100.00\n",
                    encoding="utf-8")
    with moat.open(demo_path) as admin:
        assert admin.ingest(slip)["rows_loaded"] == 1
    con = db.connect(demo_path)
    memo.clear()
    try:
        db.read_snapshot(con)  # a page run's snapshot: each profitability computed is kept in the memo, once
        try:
            assert small_slice(con, WIDE, by_month=True) is None  # the demo's months all have 40 clients
            computed = memo.size()
        finally:
            db.end_read_snapshot(con)
        assert small_slice(con, Period(date(1995, 1, 1), date(2026, 10, 31)), by_month=True) is not None  # March 1995
    finally:
        con.close()
        memo.clear()
    assert computed <= 14, computed  # the whole period and its 13 months with data; before: 380 (the memo keeps 48)
