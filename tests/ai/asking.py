"""Helpers the question-engine tests share: which demo a module asks, and asking it as an analyst.

They were copied into each reviewer's test file; one copy here keeps what "asked", "confident" and "flagged" mean
the same in every file. The fixtures that use them are in tests/ai/conftest.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from moat import db, demo
from moat.ai.engine import ask
from moat.governance.permissions import User

_TEMPLATES: dict[tuple[int, date], Path] = {}


@dataclass(frozen=True)
class AskDemo:
    """A demo database (seed, last day of data) and the day its questions are asked."""

    seed: int
    end: date
    as_of: date


def demo_template(wanted: AskDemo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo for ``wanted``'s seed and dates, built once per test process; copy it before writing."""
    key = (wanted.seed, wanted.end)
    if key not in _TEMPLATES:
        path = tmp_path_factory.mktemp(f"ask-demo-{wanted.seed}") / "template.duckdb"
        con = db.connect(path)
        demo.load(con, scale=1, seed=wanted.seed, end=wanted.end)
        con.close()
        _TEMPLATES[key] = path
    return _TEMPLATES[key]


def ask_as(con, cfg, question: str, as_of: date, role: str = "analyst"):
    """Ask as a signed-in user of ``role``, uncached and without a model, as of ``as_of``."""
    return ask(con, User("ana", role), question, as_of, use_cache=False, config=cfg, model=None)


def confident(answer, question: str):
    """Answered, not provisional, confidence at or above the review threshold and every word used."""
    assert not answer.refused, (question, answer.narrative)
    assert not answer.provisional and answer.confidence >= 0.7 and not answer.ignored, (
        question, answer.interpretation, answer.reasons, answer.ignored)
    return answer


def flagged_or_refused(answer, question: str):
    """Not a confident figure: refused, provisional, below the review threshold or with words it did not use."""
    assert answer.refused or answer.provisional or answer.confidence < 0.7 or answer.ignored, (
        question, answer.interpretation, answer.rows)
    return answer
