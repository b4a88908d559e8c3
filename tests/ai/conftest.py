"""Fixtures of the question engine's tests: a tiny random Llama (built once) and an engine config per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from moat import config
from moat.ai.engine import LIMITER


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random 2-layer Llama + word-level tokenizer with TinyLlama's chat template, saved like a real model."""
    from moat.ai.fixtures import build_random_llama

    return build_random_llama(tmp_path_factory.mktemp("models") / "tiny-llama", "tiny")


@pytest.fixture
def ask_config(tmp_path: Path, demo_path: Path) -> config.Config:
    LIMITER.reset()
    return config.load(db_path=str(demo_path), env={}).with_(cache_dir=str(tmp_path / "answer-cache"),
                                                              ask_rate_per_minute=1000)
