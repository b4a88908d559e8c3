"""F15: Share flags a mean gross margin too noisy to tell a peer anything, and redraws the budget after a release.

Before: "all clients together" at epsilon 1 showed no warning (only the count, ±9.4 of 40, was judged) and then
published "Mean gross margin 31.6%, 95% interval 5.6% to 75.5%"; after "Released" the tiles still said "Spent 0".
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import run_page


def warnings(at) -> list[str]:
    return [w.value for w in at.warning if w.value.startswith("Too coarse to be useful")]


def test_a_wide_mean_margin_is_flagged_before_spending(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    at = run_page("share.py", "admin")
    at.radio(key="share_grouping").set_value("all").run()
    assert not at.exception
    found = warnings(at)
    assert len(found) == 1, found
    assert "the mean gross margin is only known to about ±" in found[0]
    points = int(found[0].split("±", 1)[1].split(" ", 1)[0])
    assert points > 10  # a ±35 pp interval was released unflagged
    assert "raise epsilon to about" in found[0]
    at.number_input(key="share_epsilon").set_value(10.0).run()  # the largest epsilon: ±5 points or so
    assert not warnings(at)


def test_budget_tiles_are_redrawn_after_a_release(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    at = run_page("share.py", "admin")
    assert [m.value for m in at.metric] == ["3", "0", "3"]
    at.button(key="share_release").click().run()
    assert not at.exception
    assert [m.value for m in at.metric] == ["3", "1", "2"]  # without another run
    assert "Released (release 1): epsilon 1 spent." in [s.value for s in at.success]
