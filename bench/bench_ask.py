"""`moat ask` quality and speed: eval accuracy without a model, cached/uncached latency, model-path timings.

``measure(tmpdir)`` builds the scale-1 demo (seed 7, ending 2026-10-31), answers every question of
``bench/eval_questions.py`` as of 2026-11-25 and compares with the hand-written SQL answers. Then it builds a
random-weight Llama with TinyLlama-1.1B's exact shape (from ``LlamaConfig``; nothing downloaded), loads it with
the model manager (the probe picks device and dtype), and times intent scoring (one forward pass over the
candidate readings) and a ~60-token narrative. Targets: accuracy >= 95%, unanswerable refused 100%, cached
p50 < 50 ms, uncached p50 < 300 ms, full answer with the model < 10 s on the 2-core CPU.

``families`` adds the paraphrase-family eval (``bench/eval_families``, issue 15): 400+ questions in families on a
demo with other dates, one row per part (dev, heldout, heldout2; heldout3 on its own demo: seed 57, data to
2025-12-31, asked 2026-01-14; heldout4 on its own: seed 91, data to 2026-05-31, asked 2026-06-17; heldout5 on its
own: seed 131, data to 2025-08-31, asked 2025-09-03; heldout6 on its own: seed 173, data to 2024-02-29, asked
2024-03-18; heldout7 on its own: seed 239, data to 2025-11-30, asked 2025-12-31; heldout8 on its own: seed 283, data
to 2026-07-31, asked 2026-08-06; heldout9 on its own: seed 331, data to 2024-05-31, asked 2024-06-27; heldout10 on its own: seed 421, data to
2025-06-30, asked 2025-07-09; heldout11 on its own: seed 509, data to 2024-09-30, asked 2024-10-15; heldout12 on its own: seed 547,
data to 2025-02-28, asked 2025-03-20; heldout13 on its own: seed 607, data to 2024-11-30, asked 2024-12-11; heldout14 on its own: seed 659, data to
2023-07-31, asked 2023-08-22; heldout15 on its own: seed 743, data to 2022-04-30, asked 2022-05-16; heldout16 on its own: seed 887,
data to 2021-09-30, asked 2021-10-04; heldout17 on its own: seed 953, data to 2020-02-29, asked 2020-03-09; heldout18 on its own: seed 1021, data to
2019-05-31, asked 2019-06-21; heldout19 on its own: seed 1093, data to 2028-12-31, asked 2029-01-03; heldout20 on its own: seed 1187, data
to 2030-04-30, asked 2030-05-19; heldout21 on its own: seed 1301, data to 2028-02-29, asked 2028-03-11; heldout22 on its own:
seed 1367, data to 2031-10-31, asked 2031-11-14), without
a model and with the tiny random model, against
the targets confidently wrong = 0, exact >= 95% of answerable, wrongly refused <= 3%, uncached p50 < 300 ms.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def evaluate(con: Any, cfg: Any, user: Any) -> dict[str, Any]:
    from bench.eval_questions import AS_OF, CASES, expected, matches
    from moat.ai.engine import LIMITER, ask

    LIMITER.reset()
    failures, uncached, cached = [], [], []
    answerable = correct = unanswerable = refused = false_refusals = 0
    for case in CASES:
        started = time.perf_counter()
        answer = ask(con, user, case.question, AS_OF, use_cache=True, config=cfg, model=None)
        elapsed = (time.perf_counter() - started) * 1000
        (cached if answer.cached else uncached).append(elapsed)
        if case.sql is None:
            unanswerable += 1
            ok = answer.refused and not answer.rows
            refused += ok
        else:
            answerable += 1
            ok = not answer.refused and matches(case, answer.rows, expected(con, case))
            correct += ok
            false_refusals += answer.refused
        if not ok:
            failures.append({"question": case.question, "interpretation": answer.interpretation,
                             "narrative": answer.narrative})
    for case in CASES:  # second pass: every answer now comes from the cache
        started = time.perf_counter()
        answer = ask(con, user, case.question, AS_OF, use_cache=True, config=cfg, model=None)
        if answer.cached:
            cached.append((time.perf_counter() - started) * 1000)
    return {
        "questions": len(CASES), "answerable": answerable, "correct": correct,
        "accuracy": round(correct / answerable, 4), "unanswerable": unanswerable,
        "unanswerable_refused": round(refused / unanswerable, 4), "false_refusals": false_refusals,
        "uncached_ms_p50": round(statistics.median(uncached), 1), "uncached_ms_p95": round(_pct(uncached, 0.95), 1),
        "cached_ms_p50": round(statistics.median(cached), 1), "cached_ms_p95": round(_pct(cached, 0.95), 1),
        "failures": failures[:20],
    }


def model_path_timings(tmpdir: Path, con: Any, cfg: Any, user: Any) -> dict[str, Any]:
    import os

    import psutil

    from moat.ai import narrative
    from moat.ai.engine import LIMITER, ask
    from moat.ai.fixtures import build_random_llama
    from moat.ai.model import ModelManager
    from moat.ai.probe import detect

    started = time.perf_counter()
    folder = build_random_llama(tmpdir / "tinyllama-random", "tinyllama", dtype="bfloat16")
    build_s = time.perf_counter() - started
    manager = ModelManager(str(folder), idle_seconds=600, min_free_gib=cfg.model_min_free_gib)
    rss0 = psutil.Process(os.getpid()).memory_info().rss
    started = time.perf_counter()
    with manager.session():
        pass
    load_s = time.perf_counter() - started
    rss1 = psutil.Process(os.getpid()).memory_info().rss

    from bench.eval_questions import AS_OF
    from moat.ai.engine import _choose_with_model, _parser
    from moat.ai.safety import sandbox_for

    parse = _parser(sandbox_for(con), cfg).parse("how are costs for Meridian Dental Group last quarter?", AS_OF)
    assert parse.unsure, "the timing question must need the model"
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        _choose_with_model(parse, manager)
        timings.append(time.perf_counter() - started)
    score_s = statistics.median(timings)

    intent = parse.intent
    rows = [["Meridian Dental Group", 12345.67]]
    msgs = narrative.messages(intent, ["client_name", "labour_cost"], rows, parse.question)
    enc = manager._encode(manager._loaded, msgs) if manager._loaded else None
    prompt_tokens = int(enc["input_ids"].shape[1]) if enc is not None else None
    started = time.perf_counter()
    text = manager.generate(msgs, max_new_tokens=60, min_new_tokens=60)
    narrative_s = time.perf_counter() - started

    LIMITER.reset()
    started = time.perf_counter()
    answer = ask(con, user, "how are costs for Meridian Dental Group last quarter?", AS_OF, use_cache=False, config=cfg,
                 model=manager)
    full_s = time.perf_counter() - started
    hw = detect()
    return {
        "device": manager.decision.text() if manager.decision else None,
        "cpu_count": hw.cpu_count, "params": 1_100_048_384,
        "build_random_model_s": round(build_s, 1), "load_s": round(load_s, 1),
        "rss_added_gib": round((rss1 - rss0) / 1024 ** 3, 2),
        "intent_scoring_s": round(score_s, 2), "scoring_prompt_candidates": len(parse.candidates),
        "narrative_60_tokens_s": round(narrative_s, 2), "narrative_prompt_tokens": prompt_tokens,
        "tokens_per_s": round(60 / narrative_s, 2), "narrative_chars": len(text),
        "full_answer_with_model_s": round(full_s, 2), "full_answer_narrative_source": answer.narrative_source,
        "full_answer_model": answer.model,
    }


def family_figures(tmpdir: Path, quick: bool) -> dict[str, Any]:
    """The paraphrase-family table, one target figure per (model, part) and target, and the problem questions."""
    from bench import figure
    from bench.eval_families import TARGETS
    from bench.eval_families import measure as measure_families
    from bench.eval_families.families import PARTS

    result = measure_families(tmpdir, model=not quick, parts=PARTS)  # every part, heldout3..15 included: a row each
    see = ("each confidently-wrong and wrongly-refused question is listed under families/problems and by "
           "`python -m bench.eval_families`")
    figures = []
    for row in result["table"]:
        label = f"{row['model']}, {row['part']}"
        figures += [
            figure(f"families {label}: confidently wrong", row["confidently_wrong"], "questions",
                   target="0", met=row["confidently_wrong"] <= TARGETS["confidently_wrong"], note=see),
            figure(f"families {label}: exact share of answerable", row["exact_share"], "share",
                   target=">= 0.95", met=(row["exact_share"] or 0) >= TARGETS["exact_share"], note=see),
            figure(f"families {label}: wrongly refused share of answerable", row["wrongly_refused_share"], "share",
                   target="<= 0.03", met=(row["wrongly_refused_share"] or 0) <= TARGETS["wrongly_refused_share"],
                   note=see),
            figure(f"families {label}: uncached p50", row["ms_p50"], "ms", target="< 300 ms",
                   met=row["ms_p50"] is not None and row["ms_p50"] < TARGETS["ms_p50"],
                   note="in-process ask(use_cache=False); with the model it includes the generated narrative"),
        ]
    return {"setting": result["setting"], "families": result["families"], "table": result["table"],
            "targets": figures,
            "problems": [{k: p[k] for k in ("model", "part", "family", "outcome", "confidence", "question")}
                         for p in result["problems"]]}


def measure(tmpdir: Path, quick: bool = False) -> dict[str, Any]:
    from bench.eval_questions import DEMO
    from moat import config, db, demo
    from moat.governance.permissions import local_operator

    tmpdir = Path(tmpdir)
    path = tmpdir / "demo.duckdb"
    con = db.connect(path)
    demo.load(con, **DEMO)
    cfg = config.load(db_path=str(path)).with_(cache_dir=str(tmpdir / "cache"), ask_rate_per_minute=1_000_000)
    user = local_operator("bench")
    result: dict[str, Any] = {"eval": evaluate(con, cfg, user)}
    if not quick:
        result["model"] = model_path_timings(tmpdir, con, cfg, user)
    con.close()
    (tmpdir / "families").mkdir(exist_ok=True)
    result["families"] = family_figures(tmpdir / "families", quick)
    return result


if __name__ == "__main__":
    import json
    import tempfile

    with tempfile.TemporaryDirectory(prefix="moat-bench-ask-") as tmp:
        print(json.dumps(measure(Path(tmp), quick="--quick" in sys.argv), indent=2, default=str))
