"""Confidence: the documented formula, hand-computed; monotone in missing months; real evidence from the demo."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moat.analytics import confidence
from moat.analytics.confidence import Evidence, score
from moat.analytics.evidence import gather
from moat.metrics import Period, profitability, summary, utilization

YEAR = Period(date(2025, 11, 1), date(2026, 10, 31))


def test_formula_by_hand() -> None:
    parts = score(Evidence(months_present=6, months_total=12, fields_present=1.0, rows=10, age_days=91,
                           alias_rows=1, quarantined_rows=0, top_share=0.4))
    assert parts["completeness"] == 0.5
    assert parts["sample_size"] == 0.5  # 10 / (10 + 10)
    assert parts["recency"] == pytest.approx(0.6)  # 1 - (91 - 31) / 150
    assert parts["name_match"] == pytest.approx(0.9)  # (10 - 1) / 10
    assert parts["outliers"] == pytest.approx(0.6)
    assert parts["confidence"] == pytest.approx(0.30 * 0.5 + 0.20 * 0.5 + 0.20 * 0.6 + 0.15 * 0.9 + 0.15 * 0.6)


def test_no_rows_means_no_confidence() -> None:
    assert score(Evidence(0, 12, 1.0, 0, 0))["confidence"] == 0.0


def _evidence(rows_per_month: list[int], last_day: list[int], quarantine_rate: float, top_share: float) -> Evidence:
    present = [i for i, n in enumerate(rows_per_month) if n > 0]
    n = sum(rows_per_month)
    if present:
        newest = date(2026, present[-1] + 1, last_day[present[-1]])
        age = (date(2026, 12, 31) - newest).days
    else:
        age = 10_000
    return Evidence(months_present=len(present), months_total=12, fields_present=1.0, rows=n, age_days=age,
                    quarantined_rows=n * quarantine_rate, top_share=top_share)


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.integers(0, 60), min_size=12, max_size=12),
    days=st.lists(st.integers(1, 28), min_size=12, max_size=12),
    drop=st.integers(0, 11),
    quarantine_rate=st.floats(0, 0.5),
    top_share=st.floats(0, 1),
)
def test_more_missing_months_never_raise_confidence(rows, days, drop, quarantine_rate, top_share) -> None:
    """Blank one month (its rows vanish, the newest row may get older): confidence must not go up."""
    before = score(_evidence(rows, days, quarantine_rate, top_share))["confidence"]
    fewer = list(rows)
    fewer[drop] = 0
    after = score(_evidence(fewer, days, quarantine_rate, top_share))["confidence"]
    assert after <= before + 1e-12


def test_demo_client_confidence_parts_are_real(demo_con) -> None:
    ev = gather(demo_con, YEAR)
    conf = confidence.client_confidence(ev)
    meridian = conf.filter(pl.col("client_key") == "meridian dental group").row(0, named=True)
    prof = profitability(demo_con, YEAR).filter(pl.col("client_key") == "meridian dental group").row(0, named=True)
    # every row of every source counts: invoices + time entries + licence lines + costs
    licence_lines = demo_con.execute(
        "SELECT count(*) FROM cur_licenses WHERE client_key = 'meridian dental group' AND month BETWEEN ? AND ?",
        [YEAR.start, YEAR.end]).fetchall()[0][0]
    costs = demo_con.execute(
        "SELECT count(*) FROM cur_costs WHERE client_key = 'meridian dental group' AND date BETWEEN ? AND ?",
        [YEAR.start, YEAR.end]).fetchall()[0][0]
    assert meridian["rows"] == prof["invoices"] + prof["entries"] + licence_lines + costs
    assert meridian["months_present"] == 12 and meridian["completeness"] == 1.0
    assert 0.9 < meridian["confidence"] <= 1.0


def test_losing_a_month_of_data_lowers_a_clients_confidence(demo_con) -> None:
    before = confidence.client_confidence(gather(demo_con, YEAR))
    demo_con.execute("UPDATE invoices SET is_current = false WHERE client_key = 'harbor logistics' AND date BETWEEN '2026-05-01' AND '2026-06-30'")
    demo_con.execute("UPDATE time_entries SET is_current = false WHERE client_key = 'harbor logistics' AND date BETWEEN '2026-05-01' AND '2026-06-30'")
    after = confidence.client_confidence(gather(demo_con, YEAR))

    def of(df: pl.DataFrame) -> dict:
        return df.filter(pl.col("client_key") == "harbor logistics").row(0, named=True)

    assert of(after)["months_present"] == 10
    assert of(after)["completeness"] == pytest.approx(10 / 12)
    assert of(after)["confidence"] < of(before)["confidence"]
    # other clients are untouched
    acme = pl.col("client_key") == "acme engineering"
    assert after.filter(acme)["confidence"][0] == before.filter(acme)["confidence"][0]


def test_data_ending_early_lowers_recency(demo_con) -> None:
    late = Period(date(2026, 8, 1), date(2027, 1, 31))  # three months past the demo's end
    conf = confidence.client_confidence(gather(demo_con, late))
    row = conf.filter(pl.col("client_key") == "meridian dental group").row(0, named=True)
    assert row["months_present"] == 3 and row["months_total"] == 6
    assert row["age_days"] >= 90 and row["recency"] < 0.6


def test_annotate_adds_confidence_to_every_metric(demo_con) -> None:
    prof = confidence.annotate(demo_con, "profitability", profitability(demo_con, YEAR), YEAR)
    util = confidence.annotate(demo_con, "utilization", utilization(demo_con, YEAR), YEAR)
    summ = confidence.annotate(demo_con, "summary", summary(demo_con, YEAR), YEAR)
    for df in (prof, util, summ):
        assert df["confidence"].null_count() == 0
        assert df["confidence"].min() > 0 and df["confidence"].max() <= 1
    assert prof.height == profitability(demo_con, YEAR).height
