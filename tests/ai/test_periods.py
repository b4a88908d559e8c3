"""The period grammar against the as-of date 2026-11-25 (a Wednesday)."""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai.periods import find_period

AS_OF = date(2026, 11, 25)


@pytest.mark.parametrize(("text", "start", "end"), [
    ("revenue 2026-01-01 to 2026-03-31", "2026-01-01", "2026-03-31"),
    ("between 2026-02-03 and 2026-02-10", "2026-02-03", "2026-02-10"),
    ("on 2026-05-04", "2026-05-04", "2026-05-04"),
    ("in 2026-03", "2026-03-01", "2026-03-31"),
    ("in march", "2026-03-01", "2026-03-31"),
    ("in december", "2025-12-01", "2025-12-31"),
    ("march 2025", "2025-03-01", "2025-03-31"),
    ("q1 2026", "2026-01-01", "2026-03-31"),
    ("2025 q4", "2025-10-01", "2025-12-31"),
    ("the third quarter", "2026-07-01", "2026-09-30"),
    ("h1", "2026-01-01", "2026-06-30"),
    ("h2 2025", "2025-07-01", "2025-12-31"),
    ("first half of 2026", "2026-01-01", "2026-06-30"),
    ("second half of 2025", "2025-07-01", "2025-12-31"),
    ("jan-mar 2026", "2026-01-01", "2026-03-31"),
    ("nov-feb", "2025-11-01", "2026-02-28"),
    ("from january to march 2026", "2026-01-01", "2026-03-31"),
    ("last quarter", "2026-07-01", "2026-09-30"),
    ("this quarter", "2026-10-01", "2026-11-25"),
    ("last month", "2026-10-01", "2026-10-31"),
    ("this year", "2026-01-01", "2026-11-25"),
    ("year to date", "2026-01-01", "2026-11-25"),
    ("last year", "2025-01-01", "2025-12-31"),
    ("last 90 days", "2026-08-28", "2026-11-25"),
    ("past two weeks", "2026-11-12", "2026-11-25"),
    ("last 3 months", "2026-08-01", "2026-10-31"),
    ("last six months", "2026-05-01", "2026-10-31"),
    ("since june", "2026-06-01", "2026-11-25"),
    ("in 2025", "2025-01-01", "2025-12-31"),
])
def test_period_forms(text: str, start: str, end: str) -> None:
    found = find_period(text, AS_OF)
    assert found is not None, text
    assert (found.period.start.isoformat(), found.period.end.isoformat()) == (start, end)


@pytest.mark.parametrize("text", ["top five clients", "more than 2000 hours", "may I see revenue", "over $2025"])
def test_no_period(text: str) -> None:
    assert find_period(text, AS_OF) is None


def test_span_points_at_the_words() -> None:
    text = "revenue in q1 2026 by client"
    found = find_period(text, AS_OF)
    assert text[found.span[0]:found.span[1]].strip() == "in q1 2026"


@pytest.mark.parametrize(("text", "start"), [
    ("invoices since july 4th 2026", "2026-07-04"),
    ("time logged since the 3rd of august 2026", "2026-08-03"),
    ("spend since 2026-09-15", "2026-09-15"),
    ("seats starting from sept 1, 2026", "2026-09-01"),
])
def test_since_a_day_runs_to_the_as_of_date(text: str, start: str) -> None:
    """"since <day>" is that day up to the as-of date; the old rules read the day alone (a one-day answer)."""
    as_of = date(2026, 11, 25)
    found = find_period(text, as_of)
    assert found is not None and (found.period.start, found.period.end) == (date.fromisoformat(start), as_of)
