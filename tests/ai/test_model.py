"""The model path on a tiny random Llama: loading, chat template, scoring, generation, unload/reload, failures."""

from __future__ import annotations

import os
import shutil
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from moat import db
from moat.ai.engine import ask
from moat.ai.model import ModelManager, ModelUnavailable
from moat.governance.permissions import User

AS_OF = date(2026, 11, 25)
ANALYST = User("ana", "analyst")
MESSAGES = [{"role": "system", "content": "pick one"}, {"role": "user", "content": "Question: revenue ? Options: 1 2 3"}]


def test_load_score_generate_unload_reload(tiny_model: Path) -> None:
    m = ModelManager(str(tiny_model), idle_seconds=600)
    assert not m.loaded
    probs = m.score(MESSAGES, 3)
    assert len(probs) == 3 and abs(sum(probs) - 1) < 1e-5
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    text = m.generate(MESSAGES, max_new_tokens=8, min_new_tokens=8)
    assert isinstance(text, str) and text
    assert m.loaded and m.loads == 1 and m.decision.device == "cpu"
    assert m.unload() and not m.loaded
    assert m.score(MESSAGES, 2) and m.loads == 2  # reloaded on demand


def test_idle_and_memory_pressure_unload(tiny_model: Path) -> None:
    m = ModelManager(str(tiny_model), idle_seconds=0.2)
    m.score(MESSAGES, 2)
    deadline = time.monotonic() + 5
    while m.loaded and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not m.loaded and m.unloads == 1
    m.idle_seconds = 600
    m.score(MESSAGES, 2)
    m.min_free_gib = 10_000.0  # pretend the machine ran short of memory
    m.check_idle()
    assert not m.loaded and m.unloads == 2


def test_concurrent_questions_share_one_copy(tiny_model: Path) -> None:
    m = ModelManager(str(tiny_model), max_concurrent=1)
    results: list[list[float]] = []
    threads = [threading.Thread(target=lambda: results.append(m.score(MESSAGES, 2))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4 and m.loads == 1


def test_engine_uses_model_for_unsure_questions(demo_con: db.Connection, ask_config, tiny_model: Path) -> None:
    m = ModelManager(str(tiny_model))
    a = ask(demo_con, ANALYST, "costs for Meridian Dental Group last quarter", AS_OF, config=ask_config, model=m)
    assert not a.refused and a.slots["metric"] in ("labour_cost", "license_cost", "other_cost")
    assert any("model chose reading" in r for r in a.reasons)
    # random weights write gibberish without the result's numbers: it is rejected and the template is used
    assert a.narrative_source == "template"
    assert any("narrative rejected" in r for r in a.reasons) and "$" in a.narrative
    assert str(tiny_model) in a.model


@pytest.mark.parametrize("damage", ["truncate", "remove", "no_config"])
def test_broken_model_folder_falls_back(demo_con: db.Connection, ask_config, tiny_model: Path, tmp_path: Path,
                                        damage: str) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model, broken)
    weights = broken / "model.safetensors"
    if damage == "truncate":
        weights.write_bytes(weights.read_bytes()[:100])
    elif damage == "remove":
        weights.unlink()
    else:
        (broken / "config.json").unlink()
    m = ModelManager(str(broken))
    with pytest.raises(ModelUnavailable):
        m.score(MESSAGES, 2)
    a = ask(demo_con, ANALYST, "costs for Meridian Dental Group last quarter", AS_OF, config=ask_config, model=m)
    assert not a.refused and a.rows and a.model.startswith("none (")
    assert a.narrative_source == "template" and m.last_error


def test_wrong_model_path_is_a_clear_message_at_once(demo_con: db.Connection, ask_config, tmp_path: Path) -> None:
    """A model_path that is no folder (and no cached hub model) never reaches transformers (no raw OSError)."""
    m = ModelManager(str(tmp_path / "no-such-model"))
    with pytest.raises(ModelUnavailable, match="neither a folder nor a model"):
        m.score(MESSAGES, 2)
    a = ask(demo_con, ANALYST, "costs for Meridian Dental Group last quarter", AS_OF, config=ask_config, model=m)
    assert not a.refused and a.rows and "neither a folder" in a.model and "OSError" not in a.model


def test_a_failed_load_is_remembered_until_the_folder_changes(tiny_model: Path, tmp_path: Path) -> None:
    from moat.ai.probe import detect

    broken = tmp_path / "broken"
    shutil.copytree(tiny_model, broken)
    weights = broken / "model.safetensors"
    good = weights.read_bytes()
    weights.write_bytes(good[:100])
    probes: list[int] = []

    def hardware():  # counts load attempts (the probe runs once per attempt)
        probes.append(1)
        return detect()

    m = ModelManager(str(broken), hardware=hardware)
    for _ in range(3):
        with pytest.raises(ModelUnavailable, match="cannot load"):
            m.score(MESSAGES, 2)
    assert len(probes) == 1  # the second and third question did not pay for the failed load again
    weights.write_bytes(good)  # the folder is fixed: the next question loads it
    assert len(m.score(MESSAGES, 2)) == 2 and len(probes) == 2 and m.last_error is None


def test_model_ranks_the_readings_of_a_partial_parse(demo_con: db.Connection, ask_config, tiny_model: Path) -> None:
    m = ModelManager(str(tiny_model))
    a = ask(demo_con, ANALYST, "costs for Meridian Dental Group for our premium tier last quarter", AS_OF,
            config=ask_config, model=m)
    assert "tier" in a.ignored and any("model chose reading" in r for r in a.reasons)
    assert a.provisional and a.confidence < ask_config.review_confidence  # the model never makes it complete
    assert a.alternatives and a.slots["metric"] in ("labour_cost", "license_cost", "other_cost")
