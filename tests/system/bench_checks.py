"""What a paired benchmark ratio must agree with, exactly, whatever the machine's load (no timing is judged here)."""

from __future__ import annotations

import statistics

MS = 0.0005  # seconds in the report are rounded to 1 ms: each is within half a millisecond of what was measured


def check_paired_ratio(ratio: float, ratios_each: list[float], values_s: list[float], baselines_s: list[float]) -> None:
    """``ratio`` is the median of the per-round ratios ``ratios_each`` (each rounded to 2 places from unrounded
    times), and each round's ratio is that round's value / baseline as far as the rounded seconds can tell.

    Before issue 19 the tests recomputed the rounds' ratios from the millisecond-rounded seconds and compared the
    rounded median with their maximum: with a 15 ms baseline that is off by up to 3% (33.65 against 33.61), and
    failed whenever a busy machine spread the rounds apart.
    """
    assert len(ratios_each) == len(values_s) == len(baselines_s) >= 1
    # rounding to 2 places keeps order, so the rounded median lies within the rounded rounds, and close to their median
    assert min(ratios_each) <= round(ratio, 2) <= max(ratios_each)
    assert abs(round(ratio, 2) - statistics.median(ratios_each)) <= 0.01 + 1e-9
    for each, value, baseline in zip(ratios_each, values_s, baselines_s, strict=True):
        low = (value - MS) / (baseline + MS)
        high = (value + MS) / max(baseline - MS, 1e-9)
        assert low - 0.005 <= each <= high + 0.005, (each, value, baseline)
