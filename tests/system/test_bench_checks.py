"""The paired-ratio check of the benchmark tests: tolerant of the report's rounding, never of a wrong ratio."""

from __future__ import annotations

import pytest

from bench import paired_ratio, round_ratios
from tests.system.bench_checks import check_paired_ratio

# Two rounds of a small ingest against DuckDB's read_csv of the same file, as measured (unrounded seconds).
INGEST, DUCK = [0.5034, 0.5036], [0.01496, 0.01497]


def test_rounding_in_the_report_is_allowed_for() -> None:
    ratio = round(paired_ratio(INGEST, DUCK), 2)
    each = round_ratios(INGEST, DUCK)
    seconds = [round(x, 3) for x in INGEST], [round(x, 3) for x in DUCK]
    assert ratio == 33.65
    # what the old test did: ratios recomputed from the rounded seconds (0.503/0.015 = 33.53) fall short of it
    assert ratio > max(i / d for i, d in zip(*seconds, strict=True)) + 0.01
    check_paired_ratio(ratio, each, *seconds)


@pytest.mark.parametrize("wrong", [33.0, 34.5])
def test_a_ratio_that_is_not_the_median_of_the_rounds_fails(wrong: float) -> None:
    seconds = [round(x, 3) for x in INGEST], [round(x, 3) for x in DUCK]
    with pytest.raises(AssertionError):
        check_paired_ratio(wrong, round_ratios(INGEST, DUCK), *seconds)


def test_a_round_ratio_that_does_not_match_its_seconds_fails() -> None:
    seconds = [round(x, 3) for x in INGEST], [round(x, 3) for x in DUCK]
    with pytest.raises(AssertionError):
        check_paired_ratio(40.0, [40.0, 40.0], *seconds)
