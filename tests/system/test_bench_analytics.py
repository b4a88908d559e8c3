"""The analytics benchmark measures what it says (its numbers agree with the run; its second baseline replays the
run's own queries). Timings are not judged here: they are `make bench`'s report."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import bench_analytics
from tests.system.bench_checks import check_paired_ratio

pytestmark = pytest.mark.slow


def test_quick_analytics_bench_reports_both_baselines(tmp_path: Path) -> None:
    result = bench_analytics.measure(tmp_path, quick=True)
    assert result["bare_sql_agrees_with_run"] is True
    literal, same = result["full_run"], result["full_run_vs_same_sql"]
    assert literal["target"] == "<= 3x bare SQL and < 5 s" and literal["baseline"] > 0
    assert same["queries"] >= 8  # gather's metric and evidence queries plus the labour detail
    # the ratio is the median of per-round ratios: run and baseline interleaved, so both see the same machine
    assert len(same["ratios_each"]) == same["rounds"] >= 2 and 0 < same["baseline"]
    check_paired_ratio(same["ratio"], same["ratios_each"], same["runs_s"], same["baselines_s"])
    assert result["results"] > 0 and result["stored_results_read"]["rows"] == result["results"]
    # how the cost grows: the smaller demo first, then the judged scale, each with its own same-SQL baseline
    growth = result["growth_with_scale"]
    assert [g["scale"] for g in growth] == [1, 10]
    assert growth[0]["time_entries"] < growth[1]["time_entries"] == 100_000
    assert all(g["full_run_s"] > 0 and g["same_sql_s"] > 0 and g["results"] > 0 for g in growth)
    assert growth[-1]["ratio"] == round(same["ratio"], 2)
