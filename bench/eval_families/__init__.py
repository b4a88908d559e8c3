"""The paraphrase-family evaluation of `moat ask` (issue 15): families as data, expected answers by SQL.

``measure(tmpdir)`` builds the eval demo of ``setting.yaml`` (dates unlike development's) and, for a part with its
own ``setting.yaml`` (``heldout3/``: seed 57, data ending 2025-12; ``heldout4/``: seed 91, data ending 2026-05;
``heldout5/``: seed 131, data ending 2025-08, asked 2025-09-03; ``heldout6/``: seed 173, data ending 2024-02-29, asked
2024-03-18; ``heldout7/``: seed 239, data ending 2025-11-30, asked 2025-12-31; ``heldout8/``: seed 283, data ending
2026-07-31, asked 2026-08-06; ``heldout9/``: seed 331, data ending 2024-05-31, asked 2024-06-27; ``heldout10/``:
seed 421, data ending 2025-06-30, asked 2025-07-09; ``heldout11/``: seed 509, data ending 2024-09-30, asked
2024-10-15; ``heldout12/``: seed 547, data ending 2025-02-28, asked 2025-03-20; ``heldout13/``: seed 607, data
ending 2024-11-30, asked 2024-12-11; ``heldout14/``: seed 659, data ending 2023-07-31, asked 2023-08-22; ``heldout15/``: seed 743, data ending
2022-04-30, asked 2022-05-16; ``heldout16/``: seed 887, data ending 2021-09-30, asked 2021-10-04; ``heldout17/``: seed 953, data ending
2020-02-29, asked 2020-03-09; ``heldout18/``: seed 1021, data ending 2019-05-31, asked 2019-06-21; ``heldout19/``: seed 1093, data ending
2028-12-31, asked 2029-01-03; ``heldout20/``: seed 1187, data ending 2030-04-30, asked 2030-05-19; ``heldout21/``: seed
1301, data ending 2028-02-29, asked 2028-03-11; ``heldout22/``: seed 1367, data ending 2031-10-31, asked 2031-11-14), that
demo too; asks every question of ``dev/``, ``heldout/`` ..
``heldout22/``
in-process and uncached, each on its part's demo, without a model and (``model=True``) with the tiny random Llama the
tests build locally, and returns the figures per part. ``python -m bench.eval_families`` prints them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.eval_families.families import PARTS, Setting, load, load_setting, setting_path, stats
from bench.eval_families.score import Scored, run, summarise

TARGETS = {"confidently_wrong": 0, "exact_share": 0.95, "wrongly_refused_share": 0.03, "ms_p50": 300.0}


def _setup(tmpdir: Path, setting: Setting, name: str = "eval-families") -> tuple[Any, Any, Any]:
    from bench.eval_families.expected import check_demo
    from moat import config, db, demo
    from moat.governance.permissions import local_operator

    path = Path(tmpdir) / f"{name}.duckdb"
    con = db.connect(path)
    demo.load(con, **setting.demo)
    check_demo(con)
    cfg = config.load(db_path=str(path), env={}).with_(cache_dir=str(Path(tmpdir) / f"{name}-cache"),
                                                       ask_rate_per_minute=1_000_000)
    return con, cfg, local_operator("bench")


def _by_setting(parts: tuple[str, ...]) -> dict[Path, list[str]]:
    """The parts grouped by the setting file they are scored with (one demo database each), in PARTS order."""
    groups: dict[Path, list[str]] = {}
    for part in parts:
        groups.setdefault(setting_path(part=part), []).append(part)
    return groups


def tiny_model(tmpdir: Path, cfg: Any) -> Any:
    """The tiny random Llama of tests/ai (built locally, nothing downloaded) behind the real model manager."""
    from moat.ai.fixtures import build_random_llama
    from moat.ai.model import ModelManager

    folder = build_random_llama(Path(tmpdir) / "tiny-llama", "tiny")
    return ModelManager(str(folder), idle_seconds=600, min_free_gib=cfg.model_min_free_gib)


def measure(tmpdir: Path, model: bool = True, parts: tuple[str, ...] = PARTS,
            only: str | None = None) -> dict[str, Any]:
    """Figures per (model, part): outcome counts and shares, latency; plus every confidently-wrong and
    wrongly-refused question. Parts with their own setting (``heldout3`` .. ``heldout22``) are asked on their own demo."""
    families = [f for f in load(parts=parts) if only is None or only in f.id]
    runs: dict[str, list[Scored]] = {}
    settings: dict[str, Setting] = {}
    review = None
    manager = None  # the tiny model, built once and shared by the demos
    for i, group in enumerate(_by_setting(parts).values()):
        setting = load_setting(part=group[0])
        settings.update(dict.fromkeys(group, setting))
        con, cfg, user = _setup(Path(tmpdir), setting, f"eval-families-{i}")
        review = cfg.review_confidence
        fams = [f for f in families if f.part in group]
        runs.setdefault("no model", []).extend(run(con, cfg, user, fams, setting, label="no model"))
        if model:
            manager = manager or tiny_model(Path(tmpdir), cfg)
            runs.setdefault("tiny random model", []).extend(
                run(con, cfg, user, fams, setting, model=manager, label="tiny random model"))
        con.close()
    table, problems, partial = [], [], []
    for label, scored in runs.items():
        for part in parts:
            rows = [s for s in scored if s.part == part]
            table.append({"model": label, "part": part, **summarise(rows)})
        problems += [_problem(label, s) for s in scored if s.outcome in ("confidently_wrong", "wrongly_refused")]
        partial += [_problem(label, s) for s in scored if s.outcome == "partial"]
    first = settings[parts[0]]
    return {"setting": {**_describe(first), "review_confidence": review},
            "settings": {part: _describe(st) for part, st in settings.items()},
            "families": stats(families), "targets": TARGETS, "table": table, "problems": problems,
            "partial": partial}


def _problem(label: str, s: Scored) -> dict[str, Any]:
    return {"model": label, "part": s.part, "family": s.family, "question": s.question, "outcome": s.outcome,
            "confidence": round(s.confidence, 3), "interpretation": s.interpretation, "got": s.got[:3],
            "want": [list(r) for r in (s.want or [])[:3]]}


def _describe(setting: Setting) -> dict[str, Any]:
    return {"demo": {k: str(v) for k, v in setting.demo.items()}, "as_of": str(setting.as_of)}
