"""Several processes on one database: the app process serving pages while commands and notebooks use its service.

This process plays the app: AppTest page renders on the app's code (the first one opens the database and starts
the data service, as `streamlit run` does). Other processes are real ``python -m moat`` commands and a notebook
reader using ``moat.open()``, all forwarded to this process's service.

- p95 page render while a 1M-row `moat ingest` (another process; the service runs it here) is under way, against
  p95 with nothing else running, as a ratio;
- a mixed load for ``BENCH_SERVICE_SECONDS`` (default 300, quick 20): 10 sessions rendering pages (every 4th run of
  a session also confirms an alias, a write), a scheduled CLI ingest every few seconds, a notebook reader; then
  lost writes (what was acknowledged but is not in the database), failed requests, and the audit chain;
- resident memory growth of this (the server) process over that load, per 1,000 renders.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench import figure, rss_mb
from bench.bench_core import ROOT, _use_db, build_demos, render

PAGES = ("overview.py", "profitability.py", "licenses.py", "utilization.py")
SESSIONS = 10

_READER = r"""
import json, sys, time
import moat
path, seconds = sys.argv[1], float(sys.argv[2])
done = errors = 0
remote = None
deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    try:
        with moat.open(path) as s:
            remote = s.remote
            s.sql("SELECT client_name, sum(hours) AS h FROM cur_time_entries GROUP BY ALL")
            s.profitability("2026-08-01", "2026-10-31")
        done += 1
    except Exception as err:  # noqa: BLE001 - counted as a failed request
        errors += 1
        print(repr(err)[:300], file=sys.stderr)
print(json.dumps({"reads": done, "errors": errors, "remote": remote}))
"""


def p95(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * (len(ordered) - 1))))]


def _moat(db_path: Path, *argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("MOAT_TOKEN", None)
    return subprocess.run([sys.executable, "-m", "moat", "--db", str(db_path), *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=3600)


def _page(name: str) -> Path:
    return ROOT / "pages" / name


def renders_during_ingest(db_path: Path, tmp: Path, rows: int, idle_renders: int, *, into: Path | None = None,
                          ) -> dict[str, Any]:
    """p95 render while `moat ingest` of ``rows`` rows runs; ``into`` = another database file, so the ingest works
    in its own process (what the CPU alone costs the pages) instead of being forwarded into this one."""
    from bench.bench_ingest import make_csv

    idle = []
    for i in range(idle_renders):
        seconds, errors = render(_page(PAGES[i % len(PAGES)]))
        idle.append(seconds)
    csv_path = tmp / "big.csv"
    if not csv_path.exists():
        make_csv(csv_path, rows)
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    started = time.perf_counter()
    target = into or db_path
    proc = subprocess.Popen([sys.executable, "-m", "moat", "--db", str(target), "ingest", str(csv_path), "--json"],
                            cwd=tmp, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    busy, page_errors, i = [], [], 0
    while proc.poll() is None:
        seconds, errors = render(_page(PAGES[i % len(PAGES)]))
        if proc.poll() is None:  # only renders that ended while the ingest was still running count
            busy.append(seconds)
        page_errors += errors
        i += 1
    out, err = proc.communicate()
    ingest_s = time.perf_counter() - started
    loaded = None
    if proc.returncode == 0:
        loaded = json.loads(out)["files"][0]["rows_loaded"]
    ratio = (p95(busy) / p95(idle)) if busy and p95(idle) else None
    where = "in its own process, into another file" if into else "forwarded to the app's service"
    return {
        **figure(f"p95 page render while a {rows:,}-row ingest runs ({where})", p95(busy), "s",
                 baseline=p95(idle), note="baseline = p95 of renders with nothing else running, just before"),
        "ratio": ratio, "renders_idle": len(idle), "renders_during_ingest": len(busy), "ingest_exit_code": proc.returncode,
        "ingest_rows_loaded": loaded, "ingest_s": ingest_s, "median_idle_s": statistics.median(idle),
        "median_busy_s": statistics.median(busy) if busy else None, "page_errors": page_errors[:5],
        "ingest_error": None if proc.returncode == 0 else err[-500:],
    }


def mixed_load(db_path: Path, tmp: Path, seconds: float) -> dict[str, Any]:
    from moat import db
    from moat.governance import audit
    from moat.governance.permissions import User
    from moat.ingest.resolve import add_alias

    sys.path.insert(0, str(ROOT))
    from tests.helpers import threaded_apptests

    con = db.connect(db_path)  # in this (the serving) process: a cursor of the app's own connection
    snapshots_before = db.scalar(con, "SELECT count(*) FROM snapshots")
    con.close()
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    stats: dict[str, Any] = {"renders": 0, "render_failures": [], "alias_writes_acknowledged": 0, "alias_failures": [],
                             "cli_ingests_acknowledged": 0, "cli_failures": [], "render_s": []}

    def session(n: int) -> None:
        user = User(f"bench-session-{n}", "analyst")
        k = 0
        while time.monotonic() < deadline:
            seconds_, errors = render(_page(PAGES[(n + k) % len(PAGES)]), role="analyst")
            with lock:
                stats["renders"] += 1
                stats["render_s"].append(seconds_)
                stats["render_failures"] += errors
            if k % 4 == 3:
                cur = db.connect(db_path)
                try:
                    add_alias(cur, user, f"Bench Alias {n}-{k}", "Harbor Logistics")
                    with lock:
                        stats["alias_writes_acknowledged"] += 1
                except Exception as err:  # noqa: BLE001 - a failed request, reported
                    with lock:
                        stats["alias_failures"].append(repr(err)[:200])
                finally:
                    cur.close()
            k += 1

    def scheduled_ingest() -> None:
        j = 0
        while time.monotonic() < deadline - 2:
            path = tmp / f"cron-{j}.csv"
            path.write_text("entry_id,technician_name,client_name,date,hours,billable\n" + "".join(
                f"CRON-{j}-{r},Priya Shah,Harbor Logistics,2026-10-{1 + r % 28:02d},0.5,Yes\n" for r in range(50)),
                encoding="utf-8")
            result = _moat(db_path, "ingest", str(path), "--json", cwd=tmp)
            with lock:
                if result.returncode == 0 and json.loads(result.stdout)["files"][0]["rows_loaded"] == 50:
                    stats["cli_ingests_acknowledged"] += 1
                else:
                    stats["cli_failures"].append(f"exit {result.returncode}: {result.stderr[-200:]}")
            j += 1
            time.sleep(3)

    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("MOAT_TOKEN", None)
    reader = subprocess.Popen([sys.executable, "-c", _READER, str(db_path), str(seconds)], cwd=tmp, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    marks: dict[str, Any] = {}

    def mark_after_warmup() -> None:  # the first third of the load warms caches and allocators: not a leak
        time.sleep(seconds / 3)
        with lock:
            marks["renders"] = stats["renders"]
        marks["rss"] = rss_mb()

    with threaded_apptests():
        threads = [threading.Thread(target=session, args=(n,)) for n in range(SESSIONS)]
        threads += [threading.Thread(target=scheduled_ingest), threading.Thread(target=mark_after_warmup)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    out, err = reader.communicate(timeout=600)
    gc.collect()
    rss_after = rss_mb()
    notebook = json.loads(out.strip().splitlines()[-1]) if reader.returncode == 0 and out.strip() else {
        "reads": 0, "errors": 1, "remote": None, "stderr": err[-300:]}

    con = db.connect(db_path)
    try:
        aliases_found = db.scalar(con, "SELECT count(*) FROM aliases WHERE alias_name LIKE 'Bench Alias %'")
        cron_snapshots = db.scalar(con, "SELECT count(*) FROM snapshots WHERE file_name LIKE 'cron-%.csv'")
        cron_rows = db.scalar(con, "SELECT count(*) FROM cur_time_entries WHERE entry_id LIKE 'CRON-%'")
        chain = audit.verify(con)
        snapshots_after = db.scalar(con, "SELECT count(*) FROM snapshots")
    finally:
        con.close()
    lost = (stats["alias_writes_acknowledged"] - aliases_found) + (stats["cli_ingests_acknowledged"] - cron_snapshots) \
        + (50 * stats["cli_ingests_acknowledged"] - cron_rows)
    failed = len(stats["render_failures"]) + len(stats["alias_failures"]) + len(stats["cli_failures"]) + notebook["errors"]
    measured = stats["renders"] - marks["renders"]
    growth_per_1000 = (rss_after - marks["rss"]) / max(1, measured) * 1000
    judged = measured >= 300
    return {
        "lost_writes": figure("writes acknowledged but missing afterwards", lost, "writes", target="0", met=lost == 0),
        "failed_requests": figure("failed requests (page runs, alias writes, CLI ingests, notebook reads)", failed,
                                  "requests", target="0", met=failed == 0),
        "audit_chain": figure("audit chain verifies after the load", 1 if chain.ok else 0, "ok", target="1",
                              met=chain.ok, rows=chain.rows),
        "memory": figure("server memory growth per 1,000 renders under the mixed load (scale 1)", growth_per_1000, "MB",
                         target="< 50 MB", met=(growth_per_1000 < 50) if judged else None, rss_after_warmup_mb=marks["rss"],
                         rss_after_mb=rss_after, renders_measured=measured,
                         note="growth from the end of the first third of the load (warm-up) to its end, scaled to 1,000 "
                              "renders; minutes at scale 1, not hours at scale 100" + (
                                  "" if judged else f"; only {measured} renders after warm-up: too few to judge")),
        "seconds": seconds, "sessions": SESSIONS, "renders": stats["renders"],
        "render_p95_s": p95(stats["render_s"]), "render_median_s": statistics.median(stats["render_s"]) if stats["render_s"] else None,
        "alias_writes": stats["alias_writes_acknowledged"], "cli_ingests": stats["cli_ingests_acknowledged"],
        "notebook_reads": notebook["reads"], "notebook_remote": notebook.get("remote"),
        "snapshots_added": snapshots_after - snapshots_before,
        "failures": (stats["render_failures"] + stats["alias_failures"] + stats["cli_failures"])[:5],
    }


def measure(tmpdir: Path, quick: bool = False) -> dict[str, Any]:
    from moat.service import endpoint
    from moat.service.server import stop_background

    quick = quick or os.environ.get("BENCH_QUICK") == "1"
    tmp = Path(tmpdir)
    rows = 100_000 if quick else 1_000_000
    seconds = float(os.environ.get("BENCH_SERVICE_SECONDS") or (20 if quick else 300))
    paths, _ = build_demos(tmp, (1,))
    db_path = paths[1]
    _use_db(db_path, tmp)
    try:
        for page in PAGES:  # warm-up; the first page run opens the database and starts the service
            render(_page(page))
        ep = endpoint.read(db_path)
        if ep is None or ep.pid != os.getpid():
            raise RuntimeError("the app's page run did not start the data service")
        during = renders_during_ingest(db_path, tmp, rows, 12 if quick else 24)
        apart = renders_during_ingest(db_path, tmp, rows, 12 if quick else 24, into=tmp / "elsewhere.duckdb")
        load = mixed_load(db_path, tmp, seconds)
    finally:
        stop_background(db_path)
    notes = [f"quick mode: {rows:,}-row ingest, {seconds:.0f} s of mixed load"] if quick else []
    if seconds < 300 and not quick:
        notes.append(f"mixed load ran {seconds:.0f} s (BENCH_SERVICE_SECONDS), not the issue's 5 minutes")
    return {"title": "Several processes on one database (the app's data service)", "notes": notes,
            "render_during_ingest": during, "render_during_ingest_elsewhere": apart,
            "forwarded_vs_own_process": (during["ratio"] / apart["ratio"]) if during["ratio"] and apart["ratio"] else None,
            "mixed_load": load}
