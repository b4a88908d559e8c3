"""The paraphrase-family evaluation of `moat ask` (issue 15): families as data, expected answers by SQL.

``measure(tmpdir)`` builds the eval demo of ``setting.yaml`` (dates unlike development's), asks every question of
``dev/``, ``heldout/`` and ``heldout2/`` in-process and uncached, without a model and (``model=True``) with the tiny random
Llama the tests build locally, and returns the figures per part. ``python -m bench.eval_families`` prints them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.eval_families.families import PARTS, load, load_setting, stats
from bench.eval_families.score import Scored, run, summarise

TARGETS = {"confidently_wrong": 0, "exact_share": 0.95, "wrongly_refused_share": 0.03, "ms_p50": 300.0}


def _setup(tmpdir: Path) -> tuple[Any, Any, Any, Any]:
    from bench.eval_families.expected import check_demo
    from moat import config, db, demo
    from moat.governance.permissions import local_operator

    setting = load_setting()
    path = Path(tmpdir) / "eval-families.duckdb"
    con = db.connect(path)
    demo.load(con, **setting.demo)
    check_demo(con)
    cfg = config.load(db_path=str(path), env={}).with_(cache_dir=str(Path(tmpdir) / "cache"), ask_rate_per_minute=1_000_000)
    return con, cfg, local_operator("bench"), setting


def tiny_model(tmpdir: Path, cfg: Any) -> Any:
    """The tiny random Llama of tests/ai (built locally, nothing downloaded) behind the real model manager."""
    from moat.ai.fixtures import build_random_llama
    from moat.ai.model import ModelManager

    folder = build_random_llama(Path(tmpdir) / "tiny-llama", "tiny")
    return ModelManager(str(folder), idle_seconds=600, min_free_gib=cfg.model_min_free_gib)


def measure(tmpdir: Path, model: bool = True, parts: tuple[str, ...] = PARTS,
            only: str | None = None) -> dict[str, Any]:
    """Figures per (model, part): outcome counts and shares, latency; plus every confidently-wrong and
    wrongly-refused question."""
    con, cfg, user, setting = _setup(Path(tmpdir))
    families = [f for f in load(parts=parts) if only is None or only in f.id]
    runs: dict[str, list[Scored]] = {"no model": run(con, cfg, user, families, setting, label="no model")}
    if model:
        runs["tiny random model"] = run(con, cfg, user, families, setting, model=tiny_model(Path(tmpdir), cfg),
                                        label="tiny random model")
    con.close()
    table, problems = [], []
    for label, scored in runs.items():
        for part in parts:
            rows = [s for s in scored if s.part == part]
            table.append({"model": label, "part": part, **summarise(rows)})
        problems += [{"model": label, "part": s.part, "family": s.family, "question": s.question,
                      "outcome": s.outcome, "confidence": round(s.confidence, 3),
                      "interpretation": s.interpretation, "got": s.got[:3],
                      "want": [list(r) for r in (s.want or [])[:3]]}
                     for s in scored if s.outcome in ("confidently_wrong", "wrongly_refused")]
    return {"setting": {"demo": {k: str(v) for k, v in setting.demo.items()}, "as_of": str(setting.as_of),
                        "review_confidence": cfg.review_confidence},
            "families": stats(families), "targets": TARGETS, "table": table, "problems": problems}
