"""The ingest benchmark compares like with like at every size it reports (the same generated file through both
paths, every row loaded). Timings are not judged here: they are `make bench`'s report."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import bench_ingest
from tests.system.bench_checks import check_paired_ratio

pytestmark = pytest.mark.slow


def test_ingest_bench_reports_the_cost_at_each_size(tmp_path: Path) -> None:
    result = bench_ingest.raw_measure(tmp_path, 3_000, rounds=2)
    assert result["rows_loaded"] == 3_000 and result["rows_quarantined"] == 0
    # judged: the median of per-round ratios, DuckDB and ingest interleaved so each pair sees the same machine
    assert result["rounds"] == len(result["ratios_each"]) == 2
    check_paired_ratio(result["ratio"], result["ratios_each"], result["ingest_seconds_each"], result["duckdb_seconds_each"])
    rows = bench_ingest.growth(tmp_path, result, sizes=(500, 1_000))
    assert [r["rows"] for r in rows] == [500, 1_000, 3_000]
    assert all(r["ingest_seconds"] > 0 and r["duckdb_read_csv_seconds"] > 0 and r["peak_rss_mb"] > 0 for r in rows)


def test_ingest_bench_says_where_the_time_goes_and_why_a_target_is_missed(tmp_path: Path) -> None:
    result = bench_ingest.raw_measure(tmp_path, 2_000, rounds=1, narrow=True)
    assert result["columns"] == 8 and result["rows_loaded"] == 2_000
    stages = {r["stage"]: r for r in result["where_time_goes"]}
    assert {"read_file", "prepare", "commit", "rest (report)", "prepare.read", "prepare.parse"} <= set(stages)
    # the stages are parts of the one ingest timed: read + prepare + commit + the rest is the ingest's time
    whole = sum(stages[s]["seconds"] for s in ("read_file", "prepare", "commit", "rest (report)"))
    assert abs(whole - result["ingest_seconds"]) <= 0.005
    duck, ms = result["duckdb_read_csv_seconds"], 0.0005  # each stage as a multiple of read_csv; seconds rounded to 1 ms
    for r in result["where_time_goes"]:
        assert (r["seconds"] - ms) / (duck + ms) - 0.005 <= r["x_read_csv"] <= (r["seconds"] + ms) / (duck - ms) + 0.005, r
    # the ingest's own peak memory is read before the content-key check loads the whole table back
    assert 0 < result["peak_rss_mb"] <= result["content_key_peak_rss_mb"]
    missed = bench_ingest.with_targets({**result, "ratio": 3.0}, label="narrow 8-column")
    wall = missed["figures"][0]
    assert wall["name"] == "ingest 2,000 time entries (narrow 8-column) (wall)" and wall["met"] is False and wall["ratio"] == 3.0
    assert f"alone takes {stages['commit']['x_read_csv']}x read_csv" in wall["note"] and "CPU ratio" in wall["note"]
    assert bench_ingest.with_targets({**result, "ratio": 2.0})["figures"][0]["met"] is True
