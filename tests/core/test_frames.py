"""``moat.frames``: Python mapping of polars columns on the calling thread."""

from decimal import Decimal

import polars as pl

from moat.frames import money_floats, python_map


def test_python_map_keeps_name_nulls_and_dtype() -> None:
    s = pl.Series("x", [1, None, 3])
    out = python_map(s, lambda v: f"<{v}>", pl.Utf8)
    assert out.name == "x" and out.dtype == pl.Utf8 and out.to_list() == ["<1>", None, "<3>"]
    assert python_map(s, lambda v: "none" if v is None else "some", pl.Utf8, skip_nulls=False).to_list() == ["some", "none", "some"]


def test_money_floats_round_half_up_to_cents() -> None:
    s = pl.Series("revenue", [Decimal("1.005"), Decimal("-2.345"), None, Decimal("10")], dtype=pl.Decimal(12, 3))
    assert money_floats(s).to_list() == [1.01, -2.35, None, 10.0]
