"""h76 F4: an over-long question held a core for minutes before it was refused.

The length limit (``lexicon.MAX_QUESTION_CHARS`` / ``MAX_QUESTION_WORDS``) was checked after the question had been
folded and matched against patterns, one of which (``arrows.arrows_as_two_periods``) is quadratic on a run of "(":
100,000 of them ran for over five minutes, as a viewer, and a refusal does not count against the rate limit. Now the
length is checked first, on the raw text. Proved without a clock: the folding step is replaced by one that fails the
test if it runs, and an over-long question must still be refused, by name, through the facade as a viewer.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import moat
from moat.ai import lexicon, parser
from moat.governance.permissions import User

VIEWER = User("v", "viewer")
AS_OF = date(2026, 11, 15)


class _FoldRan(Exception):
    pass


def _no_fold(_text: str) -> str:
    raise _FoldRan("the question was folded (patterns ran) before its length was checked")


@pytest.mark.parametrize("question", ["(" * 100_000, "revenue " * (lexicon.MAX_QUESTION_WORDS + 1),
                                      "x" * (lexicon.MAX_QUESTION_CHARS + 1)])
def test_an_over_long_question_is_refused_before_any_pattern_runs(demo_path: Path, monkeypatch, question: str) -> None:
    monkeypatch.setattr(parser, "fold", _no_fold)
    with moat.open(demo_path, user=VIEWER) as viewer:
        answer = viewer.ask(question, as_of=AS_OF)
    assert answer.refused
    assert "too long" in answer.narrative and f"{len(question.strip())} characters" in answer.narrative


def test_a_question_of_allowed_length_is_still_folded(demo_path: Path, monkeypatch) -> None:
    """The other side: the replaced step really is on the path of a normal question (so the test above can fail)."""
    monkeypatch.setattr(parser, "fold", _no_fold)
    with moat.open(demo_path, user=VIEWER) as viewer, pytest.raises(_FoldRan):
        viewer.ask("(" * 40 + " revenue last month", as_of=AS_OF)
