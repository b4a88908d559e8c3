"""Whether a DP release is too coarse to be useful, and what would help (issue 17 point 10): ``moat.privacy.usefulness``."""

from __future__ import annotations

from moat.privacy.usefulness import MAX_RELATIVE, assess

COUNT = [{"aggregate": "clients", "accuracy": 9.4457}, {"aggregate": "margin_sum", "accuracy": 8.99}]


def test_the_issue_case_is_too_coarse_with_what_would_help() -> None:
    # ±9.4 clients per segment for a 40-client MSP in five segments of about eight.
    verdict = assess(COUNT, 1.0, "segment", {"a": 9, "b": 8, "c": 7, "d": 8, "e": 8})
    assert verdict.coarse and verdict.smallest_group == 7
    assert verdict.worst_relative == 9.4457 / 7
    assert "±9.4 clients" in verdict.message and "5 of 5 segments" in verdict.message
    assert verdict.suggestions[0] == f"raise epsilon to about {1.0 * (9.4457 / 7) / MAX_RELATIVE:,.1f} " \
                                     "(accuracy shrinks as epsilon grows; it spends more budget)"
    assert verdict.suggestions[1].startswith("release all clients together") and verdict.suggestions[1].endswith("precise enough)")
    assert verdict.suggestions[2].startswith("wait until more clients have data") and "38 clients" in verdict.suggestions[2]


def test_precise_enough_releases_pass_and_the_limit_is_sharp() -> None:
    assert not assess(COUNT, 1.0, "all", {"all": 40}).coarse  # 9.4 / 40 = 23.6 %
    assert assess(COUNT, 1.0, "all", {"all": 37}).coarse  # 25.5 %
    assert not assess([{"aggregate": "clients", "accuracy": 2.5}], 1.0, "all", {"all": 10}).coarse  # exactly 25 %
    tiny = assess(COUNT, 1.0, "segment", {"a": 1, "b": 30})
    assert tiny.suggestions[0] == "no epsilon up to 10 makes the smallest group precise enough"
