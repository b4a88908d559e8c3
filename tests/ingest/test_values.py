"""Value parsers: the dialects of issue 3, and Hypothesis fuzzing (any text -> a value or null, never an error)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moat.ingest import values as v


def one(fn, text, *args):  # tiny helper
    return fn(pl.Series("x", [text], dtype=pl.Utf8), *args)[0]


@pytest.mark.parametrize("text,comma,expected", [
    ("$1,234.50", False, Decimal("1234.5")), ("1.234,50 €", True, Decimal("1234.5")), ("(120.00)", False, Decimal("-120")),
    ("-$5", False, Decimal("-5")), ("$-5", False, Decimal("-5")), ("120.00-", False, Decimal("-120")),
    ("EUR 12", False, Decimal("12")), ("1 234,5", True, Decimal("1234.5")), (".5", False, Decimal("0.5")),
    ("1,2,3", False, None), ("abc", False, None), ("", False, None), ("1e5", False, None), ("$", False, None),
    ("1,234", False, Decimal("1234")), ("1,234", True, Decimal("1.234")),
])
def test_money(text: str, comma: bool, expected: Decimal | None) -> None:
    assert one(v.money, text, comma) == expected


@pytest.mark.parametrize("text,expected", [("$1.00", "$"), ("1.234,50 €", "EUR"), ("GBP 3", "GBP"), ("£3", "GBP"), ("12", None)])
def test_currency_marker(text: str, expected: str | None) -> None:
    assert one(v.currency_marker, text) == expected


@pytest.mark.parametrize("text,expected", [("1.5", Decimal("1.5")), ("1:30", Decimal("1.5")), ("2 h", Decimal("2")), ("0:20", Decimal("0.3333")), ("x", None)])
def test_hours(text: str, expected: Decimal | None) -> None:
    assert one(v.hours, text) == expected


def test_integer_and_percent() -> None:
    assert [one(v.integer, t) for t in ("12", "12.0", "1,200", "12.5", "x")] == [12, 12, 1200, None, None]
    assert [one(v.percent, t) for t in ("85%", "85", "0.85")] == [0.85, 0.85, 0.85]


@pytest.mark.parametrize("text,expected", [
    ("Billable", True), ("DoNotBill", False), ("NoCharge", False), ("B", True), ("NB", False), ("NC", False),
    ("Yes", True), ("no", False), ("TRUE", True), ("false", False), ("1", True), ("0", False), ("Non-Billable", False),
    ("maybe", None), ("NoDefault", False),  # ConnectWise NoDefault: a legitimate value, read as not billable (issue 14)
])
def test_psa_booleans(text: str, expected: bool | None) -> None:
    assert one(v.boolean, text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Managed Services", "managed"), ("Block Hours", "block"), ("Time & Materials", "t&m"), ("T&M", "t&m"),
    ("Retainer", "block"), ("Gold Plan", "Gold Plan"),
])
def test_agreement_labels(text: str, expected: str) -> None:
    assert one(v.enumeration, text, "agreement_type") == expected


@pytest.mark.parametrize("text,order,expected", [
    ("2026-10-31", None, date(2026, 10, 31)), ("2026-10-31T08:00:00Z", None, date(2026, 10, 31)),
    ("10/31/2026", "mdy", date(2026, 10, 31)), ("31/10/2026", "dmy", date(2026, 10, 31)), ("31.10.26", "dmy", date(2026, 10, 31)),
    ("03/04/2026", "dmy", date(2026, 4, 3)), ("03/04/2026", "mdy", date(2026, 3, 4)), ("03/04/2026", None, None),
    ("46326", None, date(2026, 10, 31)), ("2026-10", None, date(2026, 10, 1)), ("10/2026", None, date(2026, 10, 1)),
    ("31-Oct-2026", None, date(2026, 10, 31)), ("Oct 31, 2026", None, date(2026, 10, 31)), ("October 2026", None, date(2026, 10, 1)),
    ("2026-02-30", None, None), ("13/13/2026", "dmy", None), ("10/31/2026 2:30 PM", "mdy", date(2026, 10, 31)),
])
def test_dates(text: str, order: str | None, expected: date | None) -> None:
    assert one(v.date, text, order) == expected


def test_date_order_evidence() -> None:
    assert v.date_order_evidence(pl.Series(["31/10/2026", "01/02/2026", "2026-01-01", None])) == (1, 0, 1)
    assert v.date_order_evidence(pl.Series(["10/31/2026", "10/30/2026"])) == (0, 2, 0)


def test_decimal_comma_vote() -> None:
    assert v.uses_decimal_comma([pl.Series(["1.234,50", "12,5", "3"])])
    assert not v.uses_decimal_comma([pl.Series(["1,234.50", "12.50"])])


_PARSERS = [
    lambda s: v.money(s), lambda s: v.money(s, True), lambda s: v.hours(s), lambda s: v.integer(s), lambda s: v.percent(s),
    lambda s: v.boolean(s), lambda s: v.date(s, "dmy"), lambda s: v.date(s, "mdy"), lambda s: v.date(s, None),
    lambda s: v.currency_marker(s), lambda s: v.enumeration(s, "agreement_type"), lambda s: v.number(s),
]
_NUMBERISH = st.text(alphabet="0123456789.,-+()$€£ %:/hT", max_size=14)


@settings(max_examples=120, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=20), _NUMBERISH), max_size=12))
def test_parsers_never_raise_and_keep_length(cells: list[str | None]) -> None:
    series = pl.Series("x", cells, dtype=pl.Utf8)
    for parse in _PARSERS:
        out = parse(series)
        assert out.len() == len(cells)
        assert all(o is None for o, c in zip(out.to_list(), cells, strict=True) if c is None or not c.strip())


@settings(max_examples=150, deadline=None)
@given(st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False))
def test_money_round_trips_formatted_amounts(amount: Decimal) -> None:
    us = f"${abs(amount):,.2f}" if amount >= 0 else f"(${abs(amount):,.2f})"
    eu = f"{abs(amount):,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") + " €"
    eu = eu if amount >= 0 else "-" + eu
    assert one(v.money, us) == amount
    assert one(v.money, eu, True) == amount


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=date(1971, 1, 1), max_value=date(2098, 12, 31)))
def test_dates_round_trip_every_style(day: date) -> None:
    assert one(v.date, day.isoformat(), None) == day
    assert one(v.date, day.strftime("%d/%m/%Y"), "dmy") == day
    assert one(v.date, day.strftime("%m/%d/%Y"), "mdy") == day
    assert one(v.date, str((day - date(1899, 12, 30)).days), None) == day
    assert one(v.date, day.strftime("%d-%b-%Y"), None) == day
