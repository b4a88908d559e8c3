"""Resident memory growth over 1,000 page renders (AppTest, every page in turn, scale-1 demo), after a warm-up.

Its own module so that its ~15 minutes get their own time limit and its memory figure its own process. The
long-running server's memory under many sessions, a second app server, ingests and a notebook, at scale 100, is
``bench_service``'s mixed load (``BENCH_SERVICE_SCALE=100 BENCH_SERVICE_SECONDS=300``, or longer: 1380 for the
23-minute run in docs/deployment.md), which samples the owner's RSS every minute and reports its trend.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from bench.bench_core import build_demos, memory_growth


def measure(tmpdir: Path, quick: bool = False) -> dict[str, Any]:
    quick = quick or os.environ.get("BENCH_QUICK") == "1"
    renders = 100 if quick else 1000
    paths, _ = build_demos(Path(tmpdir), (1,))
    return {
        "title": "Memory growth over repeated page renders",
        "memory": memory_growth(paths[1], Path(tmpdir), renders, judge=not quick),
        "notes": [f"quick mode: {renders} renders instead of 1,000, not judged"] if quick else [],
    }
