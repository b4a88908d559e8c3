"""Statistical properties of the release mechanism, on fixed small data, over many releases.

The measurements are the very ones ``moat.privacy.mechanism.prepare`` builds for a release; each is invoked
directly on the records many times (each invocation draws fresh noise). Tolerances are 4+ standard errors, so
a correct mechanism fails these with probability well under 1e-4, while a missing clip, a wrong scale or an
interval that is too narrow fails them for certain.
"""

from __future__ import annotations

import math

import polars as pl
import pytest

from moat.metrics.periods import Period
from moat.privacy import releases
from moat.privacy.bounds import Declared, parse_bounds, parse_segments
from moat.privacy.mechanism import Query, prepare, schema

RUNS = 400
DECL = Declared(parse_segments("legal,retail"), parse_bounds("revenue=1000"), 1)  # revenue clipped to [0, 1000]
# 24 clients; several far above the revenue bound, so the clipped truth differs a lot from the raw sum.
REVENUE = [200.0, 900.0, 5000.0, 50.0, 1200.0, 700.0, 300.0, 80_000.0, 10.0, 999.0, 400.0, 650.0,
           3000.0, 20.0, 800.0, 100.0, 0.0, 1000.0, 250.0, 600.0, 7000.0, 500.0, 120.0, 860.0]
GROUPS = ["legal", "retail", "legal", "other"] * 6
MARGIN = [0.4, -2.0, 0.3, 0.9, 0.1, 0.5] * 4  # -2.0 is clipped to -1


def records() -> pl.DataFrame:
    n = len(REVENUE)
    cols = {c: [0.0] * n for c, t in schema(DECL).items() if t == pl.Float64}
    cols.update(group=GROUPS, company=["all"] * n, revenue=REVENUE, margin_sum=MARGIN, margin_clients=[1] * n)
    return pl.DataFrame(cols).select([pl.col(c).cast(t) for c, t in schema(DECL).items()])


def clipped_truth() -> dict[str, float]:
    df = records().with_columns(pl.col("revenue").clip(0, 1000))
    sums = df.group_by("group").agg(pl.col("revenue").sum())
    truth = {k: 0.0 for k in DECL.keys("segment")}
    truth.update(dict(sums.iter_rows()))
    return truth


def draws(epsilon: float, aggregates: tuple[str, ...] = ("revenue",), alpha: float = 0.05) -> tuple[list[pl.DataFrame], dict]:
    query = Query("segment", tuple(DECL.keys("segment")), aggregates)
    prepared = prepare(records(), [query], epsilon, DECL)
    measurement = prepared.measurements[0]
    lf = records().lazy()
    return [measurement(lf).collect() for _ in range(RUNS)], prepared.accuracy(alpha)


def errors(frames: list[pl.DataFrame], truth: dict[str, float]) -> list[float]:
    return [row["revenue"] - truth[row["group"]] for f in frames for row in f.iter_rows(named=True)]


def test_noisy_sums_are_centred_on_the_clipped_truth() -> None:
    truth = clipped_truth()
    raw = dict(records().group_by("group").agg(pl.col("revenue").sum()).iter_rows())
    assert truth["legal"] != raw["legal"]  # clipping matters on this data (80,000 counts as 1,000)
    frames, acc = draws(1.0)
    scale = acc[("segment", "revenue")]["scale"]
    assert scale == pytest.approx(1000 / 1.0, rel=1e-5)  # sensitivity 1000, one aggregate, epsilon 1
    for group in DECL.keys("segment"):
        values = [row["revenue"] for f in frames for row in f.iter_rows(named=True) if row["group"] == group]
        assert len(values) == RUNS
        mean = sum(values) / RUNS
        standard_error = scale * math.sqrt(2) / math.sqrt(RUNS)
        assert abs(mean - truth[group]) < 4.5 * standard_error, (group, mean, truth[group])
    # and far from the unclipped sum where clipping bit
    legal = [row["revenue"] for f in frames for row in f.iter_rows(named=True) if row["group"] == "legal"]
    assert abs(sum(legal) / RUNS - raw["legal"]) > 50 * scale * math.sqrt(2) / math.sqrt(RUNS)


def test_stated_interval_covers_the_truth_at_one_minus_alpha() -> None:
    truth = clipped_truth()
    frames, acc = draws(1.0, alpha=0.05)
    accuracy = acc[("segment", "revenue")]["accuracy"]
    errs = errors(frames, truth)  # 400 runs x 3 keys, independent noise per key
    coverage = sum(abs(e) <= accuracy for e in errs) / len(errs)
    assert len(errs) == RUNS * 3
    assert abs(coverage - 0.95) < 0.03, coverage  # sd 0.0063 at n = 1200


def test_ratio_intervals_cover_at_least_one_minus_alpha() -> None:
    """Mean margin = noisy clipped sum / noisy count, each at alpha/2: joint coverage >= 1 - alpha."""
    df = records().with_columns(pl.col("margin_sum").clip(-1, 1))
    truth = {k: None for k in DECL.keys("segment")}
    for g, s, n in df.group_by("group").agg(pl.col("margin_sum").sum(), pl.col("margin_clients").sum()).iter_rows():
        truth[g] = s / n
    query = Query("segment", tuple(DECL.keys("segment")), ("margin_sum", "margin_clients"))
    prepared = prepare(records(), [query], 4.0, DECL)
    acc, acc_half = prepared.accuracy(0.05), prepared.accuracy(0.025)
    req = releases.Request(("mean_margin",), 4.0, Period.parse("2026-01-01", "2026-01-31"))
    lf = records().lazy()
    covered = total = 0
    for _ in range(RUNS):
        noisy = {"segment": prepared.measurements[0](lf).collect()}
        for v in releases._values(req, [query], noisy, acc, acc_half, capacity=0.0):
            if truth[v["segment"]] is None or v["low"] is None:
                continue
            total += 1
            covered += v["low"] <= truth[v["segment"]] <= v["high"]
    assert total > RUNS * 2
    assert covered / total >= 0.95 - 0.02, covered / total


def test_larger_epsilon_gives_smaller_error() -> None:
    truth = clipped_truth()
    mean_abs = {}
    for eps in (0.5, 2.0):
        frames, acc = draws(eps)
        errs = errors(frames, truth)
        mean_abs[eps] = sum(abs(e) for e in errs) / len(errs)
        # Laplace: E|noise| = scale = 1000 / epsilon
        assert mean_abs[eps] == pytest.approx(1000 / eps, rel=0.15)
    assert mean_abs[2.0] < mean_abs[0.5] / 3


def test_each_aggregate_gets_an_equal_share_of_epsilon() -> None:
    """Two aggregates at epsilon 1: each is calibrated to 0.5 (scale = sensitivity / 0.5)."""
    query = Query("segment", tuple(DECL.keys("segment")), ("clients", "revenue"))
    prepared = prepare(None, [query], 1.0, DECL)
    acc = prepared.accuracy(0.05)
    assert acc[("segment", "clients")]["scale"] == pytest.approx(2.0, rel=1e-5)
    assert acc[("segment", "revenue")]["scale"] == pytest.approx(2000.0, rel=1e-5)
    assert prepared.measurements[0].map(1) <= 1.0
