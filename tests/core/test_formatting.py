"""One formatter (issue 17 point 5, issue 19): every kind of value, half-up, the same text on a tile, in the
report and in benchmark packs; one clock."""

from __future__ import annotations

import ast
from datetime import date, datetime
from decimal import Decimal

import polars as pl
import pytest

from moat import formatting as f
from moat.export.report_kpis import format_change, format_value
from moat.privacy.packs import value_text as pack_text
from tests.conftest import ROOT


@pytest.mark.parametrize(("value", "kind", "text"), [
    (Decimal("1234.25"), "hours", "1,234.3 h"),  # the 1,234.25 h: "1,234.3 h" everywhere, never 1,234.2
    (1234.25, "hours", "1,234.3 h"),
    (Decimal("0.125"), "money", "$0.13"),
    (Decimal("-1234.565"), "money", "-$1,234.57"),
    (0.12345, "percent", "12.3%"),
    (0.00125, "percent", "0.1%"),  # float 0.125% rounds half-up, not to even
    (0.10125, "percent", "10.1%"),
    (1234, "count", "1,234"),
    (date(2026, 3, 1), "date", "2026-03-01"),
    (datetime(2026, 3, 1), "date", "2026-03-01"),  # never "00:00:00"
    (datetime(2026, 3, 1, 9, 5, 30), "date", "2026-03-01 09:05"),
    (None, "money", "n/a"),
    (float("nan"), "percent", "n/a"),
])
def test_value_text_is_half_up_for_every_kind(value, kind: str, text: str) -> None:
    assert f.value_text(value, kind) == text


def test_money_carries_its_currency() -> None:
    assert f.money_text(Decimal("1234.5"), "EUR") == "€1,234.50"
    assert f.money_text(Decimal("-2"), "CHF") == "-CHF 2.00"
    assert f.money_text(Decimal("2"), "USD") == "$2.00"


@pytest.mark.parametrize(("change", "kind", "text"), [
    (0.03125, "money", "+3.1%"), (0.03135, "money", "+3.1%"), (0.0315, "money", "+3.2%"),
    (-0.0005, "percent", "-0.1 pp"), (0.0, "money", "+0.0%"), (None, "money", "n/a"),
])
def test_change_text(change: float | None, kind: str, text: str) -> None:
    assert f.change_text(change, kind) == text


def test_report_and_packs_print_what_the_tiles_print() -> None:
    for value, kind in ((Decimal("1234.25"), "hours"), (Decimal("10.005"), "money"), (0.33335, "percent")):
        assert format_value(kind, value) == f.value_text(value, kind)
    assert format_change("money", 0.0315) == "+3.2%"
    assert pack_text("hours", 1234.25) == "1,234.3 h"
    assert pack_text("money", Decimal("10.005")) == "$10.01"


def test_labels_and_words_never_show_internal_names() -> None:
    assert f.label("gross_margin") == "Gross margin"
    assert f.label("some_new_field") == "Some new field"
    assert f.words("chase_unbilled") == "Billable hours not billed"
    assert f.words("insight_reclaim_seats") == "Licences paid for but unused"
    assert f.words("pending") == "Waiting for approval"


def test_display_frame_rounds_half_up_and_labels_every_column() -> None:
    df = pl.DataFrame({
        "revenue": [Decimal("1.005")], "gross_margin": [0.12345], "hours": [1234.25], "status": ["pending"],
        "kind": ["chase_unbilled"], "created_at": [datetime(2026, 1, 1)], "z": [1.2345],
    })
    shown, spec = f.display_frame(df, "USD")
    assert shown.row(0) == (1.01, 12.3, 1234.3, "Waiting for approval", "Billable hours not billed", datetime(2026, 1, 1), 1.23)
    assert {k: v[0] for k, v in spec.items()} == {
        "revenue": "Revenue", "gross_margin": "Gross margin", "hours": "Hours", "status": "Status", "kind": "Kind",
        "created_at": "Created", "z": "Robust z"}
    assert spec["revenue"][1] == "$%,.2f" and spec["gross_margin"][1] == "%.1f%%" and spec["hours"][1] == "%,.1f h"
    assert spec["created_at"][1] == "datetime"
    assert all("_" not in title for title, _ in spec.values())


def test_display_frame_shows_an_empty_text_cell_empty() -> None:
    """h103: the Approvals page's "Decided" table printed a grey "None" under Comment for every approval decided
    without one (Streamlit draws a null cell as "None"); an enum column's missing value too."""
    shown, spec = f.display_frame(pl.DataFrame({"comment": [None, "board pack"], "status": [None, "approved"]}))
    assert shown["comment"].to_list() == ["", "board pack"] and shown["status"].to_list() == ["", "Approved"]
    assert spec["comment"][1] == "text" and spec["status"][1] == "text"


def test_display_frame_shows_yes_and_no() -> None:
    """h103: the Upload preview's Billable column read "true" (a boolean drawn as text); it reads Yes / No, as the
    exports people upload write it, and a missing one empty."""
    shown, spec = f.display_frame(pl.DataFrame({"billable": [True, False, None]}))
    assert shown["billable"].to_list() == ["Yes", "No", ""] and spec["billable"] == ("Billable", "text")


def test_escape_markdown_makes_links_and_images_inert() -> None:
    text = f.escape_markdown("X ![b](http://host/beacon.png) [Sign in again](http://host/phish) :red[x] <b>y</b>")
    for live in ("![b](", "[Sign in again](", ":red[", "<b>"):
        assert live not in text
    assert text.replace("\\", "").replace("\u2060", "") == "X ![b](http://host/beacon.png) [Sign in again](http://host/phish) :red[x] <b>y</b>"


def test_one_now_utc() -> None:
    defined = []
    for path in (ROOT / "moat").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined += [str(path.relative_to(ROOT)) for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "now_utc"]
    assert defined == ["moat/clock.py"]
    from moat import clock, snapshots
    from moat.governance import login
    from moat.privacy import ledger

    assert snapshots.now_utc is login.now_utc is ledger.now_utc is clock.now_utc


def test_display_frame_money_of_anomalies_and_gaps_and_no_negative_zero() -> None:
    """h112: Trends' anomalies printed "Excess money 3670.99" and Explain's parts "Gap money -9181.69" without the
    currency; Trends' risk parts printed "-0.00" for a revenue that did not decline."""
    shown, spec = f.display_frame(pl.DataFrame({"excess_money": [3670.99], "gap_money": [-9181.69],
                                                "revenue_decline": [-0.000001]}))
    assert spec["excess_money"] == ("Against the median", "$%,.2f") and spec["gap_money"] == ("Gap in money", "$%,.2f")
    assert str(shown["revenue_decline"][0]) == "0.0" and spec["revenue_decline"][1] == "%,.2f"
