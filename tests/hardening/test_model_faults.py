"""Model faults (issue 9): a broken or oversized local model never stops ``ask``; the answer says why.

``tests/ai/test_model.py`` covers a truncated weights file, a removed weights file and a missing config.json,
checking that the answer comes from the template. What it does not cover, and this file does:

- weights of the right size but garbage content (a disk error or an interrupted copy that kept the length);
- a config that claims a model far larger than this machine's memory (the out-of-memory case: the probe
  refuses before anything is allocated, instead of the process dying mid-load);
- that the answer itself carries the reason (``Answer.model`` and ``Answer.reasons``), which the Ask page
  shows, and that the deterministic numbers are exactly those of a run without any model.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from moat import config, db
from moat.ai.engine import ask
from moat.ai.model import ModelManager, ModelUnavailable
from moat.governance.permissions import User

AS_OF = date(2026, 11, 25)
ANALYST = User("ana", "analyst")
# An unsure question (the engine consults the model to pick a reading) with rows (it would also write the narrative).
QUESTION = "costs for Meridian Dental Group last quarter"


def damaged_copy(tiny_model: Path, target: Path, damage: str) -> Path:
    shutil.copytree(tiny_model, target)
    weights = target / "model.safetensors"
    if damage == "garbage_weights":
        weights.write_bytes(os.urandom(weights.stat().st_size))  # same length, no valid header
    elif damage == "missing_weights":
        weights.unlink()
    elif damage == "huge_config":
        settings = json.loads((target / "config.json").read_text(encoding="utf-8"))
        # ~1.2 trillion parameters: no test machine has the RAM or GPU memory for it
        settings.update(hidden_size=65536, intermediate_size=262144, num_hidden_layers=96, num_attention_heads=512,
                        num_key_value_heads=512, vocab_size=256000)
        (target / "config.json").write_text(json.dumps(settings), encoding="utf-8")
    else:
        raise AssertionError(damage)
    return target


EXPECTED_REASON = {
    "garbage_weights": "cannot load the model",
    "missing_weights": "holds no weights",
    "huge_config": "does not fit this machine",
}


@pytest.mark.parametrize("damage", sorted(EXPECTED_REASON))
def test_ask_answers_deterministically_and_says_why(demo_con: db.Connection, ask_config: config.Config, tiny_model: Path,
                                                   tmp_path: Path, damage: str) -> None:
    broken = damaged_copy(tiny_model, tmp_path / damage, damage)
    manager = ModelManager(str(broken))
    with pytest.raises(ModelUnavailable) as caught:
        manager.score([{"role": "user", "content": "1 or 2?"}], 2)
    assert EXPECTED_REASON[damage] in caught.value.message
    assert not manager.loaded and manager.loads == 0
    if damage == "huge_config":
        assert "RAM free" in caught.value.message  # the probe names the shortfall, nothing was allocated

    # The reference: the same question with no model configured at all (separate cache, so nothing is reused).
    plain = ask(demo_con, ANALYST, QUESTION, AS_OF, config=ask_config.with_(cache_dir=str(tmp_path / "plain-cache")), model=None)
    answer = ask(demo_con, ANALYST, QUESTION, AS_OF, config=ask_config, model=manager)

    assert not answer.refused and answer.rows
    assert answer.rows == plain.rows and answer.sql == plain.sql  # deterministic: exactly the no-model numbers
    assert answer.narrative_source == "template" and answer.narrative == plain.narrative
    # the answer says why the model was not used: in its model line and in its reasons
    assert answer.model.startswith("none (") and EXPECTED_REASON[damage] in answer.model
    assert any("model could not be used" in r or "answered without the model" in r for r in answer.reasons)
    assert manager.last_error and EXPECTED_REASON[damage] in manager.last_error


def test_a_repaired_folder_is_used_again(demo_con: db.Connection, ask_config: config.Config, tiny_model: Path,
                                         tmp_path: Path) -> None:
    """A failed load is not remembered forever: once the weights are back, the next question loads the model."""
    broken = damaged_copy(tiny_model, tmp_path / "repair", "missing_weights")
    manager = ModelManager(str(broken))
    first = ask(demo_con, ANALYST, QUESTION, AS_OF, config=ask_config, model=manager)
    assert first.model.startswith("none (")
    shutil.copy(tiny_model / "model.safetensors", broken / "model.safetensors")
    second = ask(demo_con, ANALYST, QUESTION, AS_OF, config=ask_config, model=manager)
    assert manager.loads == 1 and manager.last_error is None
    # the (random) model was consulted this time, so its reading may differ from the parser's first one
    assert str(broken) in second.model and any("model chose reading" in r for r in second.reasons)
