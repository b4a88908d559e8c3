"""h97 F8: the small-group rule computed every month of any period a user asked about, before the rate limit.

For a user kept to aggregates, Ask checks each month of a trend (``small_slice(..., by_month=True)``) with one
profitability computation per calendar month, before the cache lookup and before ``ask_rate_per_minute`` is
checked (refusals are never counted). "revenue per month from 2016 to 2026" on the demo (13 months of data) ran
profitability 133 times: 12.6 s of CPU per question, however many questions the user had already asked that minute;
"from 2000 to 2026" about 30 s. A month holding no invoice and no time entry has no contributing client, so it is
skipped without computing it: the work is bounded by the months the data holds, whatever period is typed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from moat import db, memo
from moat.metrics.periods import Period
from moat.metrics.small_slices import small_slice

WIDE = Period(date(2000, 1, 1), date(2026, 12, 31))  # 324 calendar months; the demo holds Oct 2025 to Oct 2026


def test_months_without_data_are_not_computed(demo_path: Path) -> None:
    con = db.connect(demo_path)
    memo.clear()
    try:
        db.read_snapshot(con)  # a page run's snapshot: each profitability computed is kept in the memo, once
        try:
            assert small_slice(con, WIDE, by_month=True) is None  # the demo's months all have 40 clients
            computed = memo.size()
        finally:
            db.end_read_snapshot(con)
    finally:
        con.close()
        memo.clear()
    assert computed <= 14, computed  # the whole period and its 13 months with data; before: 325 (48 kept)


def test_a_small_month_is_still_found_among_empty_ones(demo_path: Path) -> None:
    con = db.connect(demo_path)
    try:  # the first demo day with one invoicing client, inside a period of mostly empty months
        day = con.execute("SELECT date FROM cur_invoices GROUP BY date HAVING count(DISTINCT client_key) = 1 "
                          "ORDER BY date LIMIT 1").fetchall()[0][0]
        assert small_slice(con, Period(date(2000, 1, 1), day), by_month=True) is not None
    finally:
        con.close()
