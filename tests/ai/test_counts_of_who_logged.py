"""A count of who logged hours counts those with hours (h126 U3, fixed by the lead): "how many technicians logged time
on <a day>" counted every technician's row, those with 0 hours too (15), at confidence 1.0, when fewer had logged
time that day. Checked against SQL on the development demo, on a day some technicians logged nothing."""

from __future__ import annotations

from moat import db
from tests.ai.test_months_shares_vendors import _answered  # the same analyst, as-of date, no cache or model


def _a_thin_day(con) -> tuple[str, int, int]:
    """A weekday of the demo on which fewer technicians logged time than there are, with both counts."""
    total = int(db.scalar(con, "SELECT count(*) FROM cur_technicians"))
    row = db.rows(con, "SELECT date, count(DISTINCT technician_key) AS n FROM cur_time_entries WHERE hours > 0 "
                       "GROUP BY date HAVING n < ? AND n > 1 ORDER BY date DESC LIMIT 1", [total])[0]
    return f"{row[0]:%d %b %Y}", int(row[1]), total


def test_how_many_technicians_logged_time_on_a_day_counts_those_who_did(demo_con, ask_config) -> None:
    day, logged, total = _a_thin_day(demo_con)
    assert logged < total
    a = _answered(demo_con, ask_config, f"how many technicians logged time on {day}")
    assert a.rows == [[logged]], (day, a.interpretation, a.rows)


def test_how_many_techs_logged_billable_hours_on_a_day(demo_con, ask_config) -> None:
    day, _, _ = _a_thin_day(demo_con)
    want = int(db.scalar(demo_con, "SELECT count(DISTINCT technician_key) FROM cur_time_entries WHERE billable "
                                   "AND hours > 0 AND date = strptime(?, '%d %b %Y')::DATE", [day]))
    a = _answered(demo_con, ask_config, f"how many techs logged billable hours on {day}")
    assert a.rows == [[want]], (day, a.interpretation, a.rows)
