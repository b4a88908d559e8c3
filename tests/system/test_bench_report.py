"""`python -m bench --only X` reruns X and keeps every other module's figures from the report already there."""

from __future__ import annotations

import json
from pathlib import Path

from bench.__main__ import merge_earlier, render


def test_only_keeps_the_other_modules_and_says_when_each_ran(tmp_path: Path) -> None:
    earlier = {
        "meta": {"started": "2026-11-25T12:00:00+00:00"},
        "modules": {
            "bench_core": {"status": "ok", "seconds": 10.0, "result": {"x": 1}},
            "bench_memory": {"status": "failed", "seconds": 1800.0, "error": "did not finish within 1800 s"},
        },
    }
    path = tmp_path / "report.json"
    path.write_text(json.dumps(earlier), encoding="utf-8")
    rerun = {"bench_memory": {"status": "ok", "seconds": 900.0, "result": {"growth_mb": 3.5}, "started": "2026-11-25T14:00:00+00:00"},
             "bench_new": {"status": "ok", "seconds": 1.0, "result": {}, "started": "2026-11-25T14:00:00+00:00"}}
    merged = merge_earlier(path, rerun)
    assert list(merged) == ["bench_core", "bench_memory", "bench_new"]  # the earlier order, new modules last
    assert merged["bench_core"] == {"started": "2026-11-25T12:00:00+00:00", **earlier["modules"]["bench_core"]}
    assert merged["bench_memory"]["result"] == {"growth_mb": 3.5}
    text = render({"meta": {"started": "2026-11-25T14:00:00+00:00", "machine": "m", "cpus": 2, "python": "3.11",
                            "quick": False, "seconds": 901.0}, "modules": merged})
    assert "## bench_core (`bench/bench_core.py`, 10.0 s, run 2026-11-25T12:00:00+00:00)" in text
    assert "## bench_memory (`bench/bench_memory.py`, 900.0 s)" in text  # this run: no date repeated
    assert merge_earlier(tmp_path / "missing.json", rerun) == rerun  # nothing earlier: just this run
