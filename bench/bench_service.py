"""Several processes on one database: the app process serving pages while commands, notebooks and a second app
server use its service.

This process plays the app: AppTest page renders on the app's code (the first one opens the database and starts
the data service, as `streamlit run` does). Other processes are real ``python -m moat`` commands, a notebook
reader using ``moat.open()``, and a second app server (this module run as ``python -m bench.bench_service
second ...``: AppTest renders whose connection is a client of this process's service, ``moat.service.remote_db``).

- p95 page render while a 1M-row `moat ingest` (another process; the service runs it here) is under way, against
  p95 with nothing else running, as a ratio;
- p50/p95 page render on the second app server against the owner's, in interleaved rounds (the in-memory figures
  emptied before every render, so every query crosses the service), and with them kept (what users mostly get);
- a mixed load for ``BENCH_SERVICE_SECONDS`` (default 60, quick 20; the issue's run is 300): 10 sessions rendering
  pages (7 here, 3 on the second app server; every 4th run of a session also confirms an alias, a write), a
  scheduled CLI ingest every few seconds, a notebook reader; then lost writes (what was acknowledged but is not in
  the database), failed requests, and the audit chain;
- resident memory growth of this (the owner) process over that load, per 1,000 renders after the first third
  (warm-up), with its RSS sampled every minute (``owner_rss_samples``: seconds, renders so far, MB, and the MB of the
  copies of the data user SQL runs on, ``moat.isolation``'s, made here for the notebook's remote ``s.sql`` and in
  the reader's own temp folder, which a long run once let grow to 73 GB) to
  show the trend rather than two points.

Knobs (environment): ``BENCH_SERVICE_SECONDS``, ``BENCH_SERVICE_SCALE`` (demo scale of the database, default 1;
the issue's run is 100), ``BENCH_SERVICE_PARTS`` (comma-separated among ``ingest,second,load``; default all).
The issue's run: ``BENCH_SERVICE_SECONDS=300 BENCH_SERVICE_SCALE=100 BENCH_SERVICE_PARTS=second,load
python -m bench --only service`` (about 10 minutes); the longer memory run in docs/deployment.md used
``BENCH_SERVICE_SECONDS=1380 BENCH_SERVICE_PARTS=load``. A load of an hour or more also needs ``--timeout`` above it (``python -m bench`` stops a
module after 3600 s by default: a 3,600 s load was stopped that way, with no figures).
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench import figure, rss_mb
from bench.bench_core import ROOT, _use_db, build_demos, render
from moat import isolation

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


_WRAPPED: dict[str, Path] = {}
_WRAPPER = """import runpy

from moat.ui import state

with state.page_run():  # as app.py runs every page: the run's cursors (and read snapshots) end with it
    runpy.run_path({page!r}, run_name="__main__")
"""


def _page(name: str) -> Path:
    """``pages/NAME`` run the way ``app.py`` runs it, inside ``state.page_run()``.

    A page file rendered on its own leaves its database cursors to the garbage collector, each with an open read
    snapshot: a process that serves many renders (and, on a second app server, the owner holding those cursors
    for it) would carry them, which the app itself never does.
    """
    if name not in _WRAPPED:
        import atexit
        import shutil
        import tempfile

        if not _WRAPPED:
            folder = Path(tempfile.mkdtemp(prefix="moat-bench-pages-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            _WRAPPED["_folder"] = folder
        target = _WRAPPED["_folder"] / name
        target.write_text(_WRAPPER.format(page=str(ROOT / "pages" / name)), encoding="utf-8")
        _WRAPPED[name] = target
    return _WRAPPED[name]


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


def new_stats() -> dict[str, Any]:
    return {"renders": 0, "render_failures": [], "alias_writes_acknowledged": 0, "alias_failures": [], "render_s": [],
            "aliases": []}


def run_session(db_path: Path, n: int, deadline: float, stats: dict[str, Any], lock: threading.Lock,
                prefix: str = "Bench Alias") -> None:
    """One simulated user until ``deadline``: a page render after another; every 4th run also confirms an alias."""
    from moat import db
    from moat.governance.permissions import User
    from moat.ingest.resolve import add_alias

    user = User(f"bench-session-{n}", "analyst")
    k = 0
    while time.monotonic() < deadline:
        seconds_, errors = render(_page(PAGES[(n + k) % len(PAGES)]), role="analyst")
        with lock:
            stats["renders"] += 1
            stats["render_s"].append(seconds_)
            stats["render_failures"] += errors
        if k % 4 == 3:
            alias = f"{prefix} {n}-{k}"
            cur = db.connect(db_path)  # the app's connection: the owner's own, or the second server's remote one
            try:
                add_alias(cur, user, alias, "Harbor Logistics")
                with lock:
                    stats["alias_writes_acknowledged"] += 1
                    stats["aliases"].append(alias)
            except Exception as err:  # a failed request, reported
                with lock:
                    stats["alias_failures"].append(repr(err)[:200])
            finally:
                cur.close()
        k += 1


def _folder_mb(folder: Path) -> float:
    """MB of the files under ``folder`` now (a file removed while counting counts 0: the reader cleans up as it goes)."""
    total = 0
    for f in folder.rglob("*"):
        try:
            total += f.stat().st_size if f.is_file() else 0
        except FileNotFoundError:
            pass
    return total / 1e6


def _child_env() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("MOAT_TOKEN", None)
    return env


def start_second_server(db_path: Path, tmp: Path, mode: str, *args: str) -> subprocess.Popen[str]:
    """A second app server process on ``db_path`` (same install: users file, keys), playing ``mode``."""
    log = (tmp / f"second-server-{mode}.log").open("w", encoding="utf-8")  # a pipe nobody reads would fill up
    try:
        return subprocess.Popen([sys.executable, "-m", "bench.bench_service", mode, str(db_path), str(tmp), *args],
                                cwd=ROOT, env=_child_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=log, text=True)
    finally:
        log.close()


def _reply(proc: subprocess.Popen[str], tmp: Path, mode: str) -> dict[str, Any]:
    """The child's next ``BENCH {json}`` line (anything else it prints is skipped)."""
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("BENCH "):
            return json.loads(line[len("BENCH "):])
    log = (tmp / f"second-server-{mode}.log").read_text(encoding="utf-8", errors="replace")
    raise RuntimeError(f"the second app server ({mode}) stopped without an answer (exit {proc.wait()}): {log[-1500:]}")


def second_server_renders(db_path: Path, tmp: Path, rounds: int) -> dict[str, Any]:
    """p50/p95 render on a second app server against the owner's, rounds interleaved (owner, second, owner, ...).

    "cold": the in-memory figures (``moat.memo``) emptied before each render on both sides, so every query of the
    page runs, on the second server through the service; "warm": kept, as a user mostly finds them.
    """
    from moat import memo

    child = start_second_server(db_path, tmp, "renders")
    assert child.stdin is not None and child.stdout is not None

    def remote_round(kind: str) -> list[float]:
        child.stdin.write(kind + "\n")
        child.stdin.flush()
        reply = _reply(child, tmp, "renders")
        if reply.get("errors"):
            raise RuntimeError(f"the second app server's pages failed: {reply['errors'][:3]}")
        return reply["seconds"]

    def local_round(kind: str) -> list[float]:
        out = []
        for page in PAGES:
            if kind == "cold":
                memo.clear()
            seconds_, errors = render(_page(page))
            if errors:
                raise RuntimeError(f"the owner's page {page} failed: {errors[:3]}")
            out.append(seconds_)
        return out

    times: dict[str, dict[str, list[float]]] = {k: {"owner": [], "second": []} for k in ("cold", "warm")}
    try:
        remote_round("warm")  # imports, first connection, first queries: not part of the comparison
        local_round("warm")
        for _ in range(rounds):
            for kind in ("cold", "warm"):
                times[kind]["owner"] += local_round(kind)
                times[kind]["second"] += remote_round(kind)
        child.stdin.write("stop\n")
        child.stdin.flush()
        child.wait(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    out: dict[str, Any] = {"pages": list(PAGES), "rounds": rounds}
    for kind, sides in times.items():
        o, r = sides["owner"], sides["second"]
        out[kind] = figure(f"p95 page render on a second app server ({kind})", p95(r), "s", baseline=p95(o),
                           note="baseline = p95 on the owner's own process, same pages, rounds interleaved",
                           p50_s=statistics.median(r), p50_owner_s=statistics.median(o),
                           p50_ratio=statistics.median(r) / statistics.median(o), renders_each=len(r))
    return out


def _second_server_main(argv: list[str]) -> int:
    """``python -m bench.bench_service renders|load DB TMP [SECONDS SESSIONS]``: a second app server process."""
    from bench.bench_core import _use_db

    mode, db_path, tmp = argv[0], Path(argv[1]), Path(argv[2])
    _use_db(db_path, tmp)  # the same install as the owner: its users file, log, cache
    from moat import memo
    from moat.service import remote_db

    if mode == "renders":
        for line in sys.stdin:
            kind = line.strip()
            if kind == "stop":
                break
            seconds, errors = [], []
            for page in PAGES:
                if kind == "cold":
                    memo.clear()
                took, errs = render(_page(page))
                seconds.append(took)
                errors += errs
            from moat.ui import state

            remote = isinstance(getattr(state._connection(str(db_path)), "current", None),
                            remote_db.RemoteConnection)
            print("BENCH " + json.dumps({"seconds": seconds,
                                         "errors": errors if remote else ["not a client of the owner"]}), flush=True)
        return 0
    seconds, sessions, first = float(argv[3]), int(argv[4]), int(argv[5])
    sys.path.insert(0, str(ROOT))
    from tests.helpers import threaded_apptests

    for page in PAGES:  # imports and the first connection, as the owner had before the load: not measured
        render(_page(page))
    print("BENCH " + json.dumps({"ready": True}), flush=True)
    deadline = time.monotonic() + seconds
    stats, lock = new_stats(), threading.Lock()
    rss_start = rss_mb()
    with threaded_apptests():
        threads = [threading.Thread(target=run_session, args=(db_path, first + n, deadline, stats, lock,
                                                               "Bench Remote Alias")) for n in range(sessions)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    from moat.ui import state

    stats["remote"] = isinstance(getattr(state._connection(str(db_path)), "current", None),
                            remote_db.RemoteConnection)
    stats["rss_start_mb"], stats["rss_end_mb"] = rss_start, rss_mb()
    print("BENCH " + json.dumps(stats), flush=True)
    return 0


def mixed_load(db_path: Path, tmp: Path, seconds: float, *, second_sessions: int = 3) -> dict[str, Any]:
    from moat import db
    from moat.governance import audit
    from moat.service import endpoint
    from moat.service.client import ping

    sys.path.insert(0, str(ROOT))
    from tests.helpers import threaded_apptests

    con = db.connect(db_path)  # in this (the serving) process: a cursor of the app's own connection
    snapshots_before = db.scalar(con, "SELECT count(*) FROM snapshots")
    con.close()
    here = SESSIONS - second_sessions
    second = start_second_server(db_path, tmp, "load", str(seconds), str(second_sessions), str(here)) \
        if second_sessions else None
    if second is not None:
        _reply(second, tmp, "load")  # warmed up: both servers start the load together
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    stats: dict[str, Any] = {**new_stats(), "cli_ingests_acknowledged": 0, "cli_failures": []}

    def session(n: int) -> None:
        run_session(db_path, n, deadline, stats, lock)

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

    reader_tmp = tmp / "reader-tmp"  # the notebook's temporary files (moat.isolation's data copies), measured apart
    reader_tmp.mkdir(exist_ok=True)
    reader = subprocess.Popen([sys.executable, "-c", _READER, str(db_path), str(seconds)], cwd=tmp,
                              env=dict(_child_env(), TMPDIR=str(reader_tmp)),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    marks: dict[str, Any] = {}
    load_avg: list[float] = []
    samples: list[list[float]] = []  # [seconds into the load, owner renders so far, owner RSS MB, SQL copies MB]
    started = time.monotonic()

    def sample() -> None:
        with lock:
            renders_so_far = stats["renders"]
        temp_mb = _folder_mb(reader_tmp) + sum(  # the reader's SQL runs here, through the service: copies made here
            _folder_mb(f) for f in Path(tempfile.gettempdir()).glob(f"{isolation.PREFIX}{os.getpid()}-*"))
        samples.append([round(time.monotonic() - started), renders_so_far, round(rss_mb(), 1), round(temp_mb, 1)])
        load_avg.append(os.getloadavg()[0])

    def mark_after_warmup() -> None:  # the first third of the load warms caches and allocators: not a leak
        warm_until = started + seconds / 3
        while time.monotonic() < warm_until:
            sample()
            time.sleep(min(60.0, max(0.5, warm_until - time.monotonic())))
        with lock:
            marks["renders"] = stats["renders"]
        marks["rss"] = rss_mb()
        while time.monotonic() < deadline:
            sample()
            time.sleep(min(60.0, max(0.5, deadline - time.monotonic())))

    rss_before = rss_mb()
    with threaded_apptests():
        threads = [threading.Thread(target=session, args=(n,)) for n in range(here)]
        threads += [threading.Thread(target=scheduled_ingest), threading.Thread(target=mark_after_warmup)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    out, reader_err = reader.communicate(timeout=600)
    remote: dict[str, Any] = {**new_stats(), "remote": None}
    if second is not None:
        try:
            remote = _reply(second, tmp, "load")
        except RuntimeError as err:
            remote["render_failures"] = [str(err)[-300:]]
        second.wait(timeout=300)
    gc.collect()
    rss_after = rss_mb()
    notebook = json.loads(out.strip().splitlines()[-1]) if reader.returncode == 0 and out.strip() else {
        "reads": 0, "errors": 1, "remote": None, "stderr": reader_err[-300:]}
    ep = endpoint.read(db_path)  # this process's own service
    served = ping(ep) if ep is not None else {}

    con = db.connect(db_path)
    try:
        written = stats["aliases"] + remote["aliases"]
        aliases_found = db.scalar(con, "SELECT count(DISTINCT alias_name) FROM aliases WHERE list_contains(?, alias_name)",
                                  [written]) if written else 0
        cron_snapshots = db.scalar(con, "SELECT count(*) FROM snapshots WHERE file_name LIKE 'cron-%.csv'")
        cron_rows = db.scalar(con, "SELECT count(*) FROM cur_time_entries WHERE entry_id LIKE 'CRON-%'")
        chain = audit.verify(con)
        snapshots_after = db.scalar(con, "SELECT count(*) FROM snapshots")
        time_entries = db.scalar(con, "SELECT count(*) FROM cur_time_entries")
    finally:
        con.close()
    acknowledged_aliases = stats["alias_writes_acknowledged"] + remote["alias_writes_acknowledged"]
    lost = (acknowledged_aliases - aliases_found) + (stats["cli_ingests_acknowledged"] - cron_snapshots) \
        + (50 * stats["cli_ingests_acknowledged"] - cron_rows)
    notebook_failures = [f"notebook read: {line}" for line in reader_err.splitlines() if line.strip()][-5:] \
        if notebook["errors"] else []  # the reader prints one line per failed read: say what failed, not just how many
    failures = (stats["render_failures"] + remote["render_failures"] + stats["alias_failures"]
                + remote["alias_failures"] + stats["cli_failures"] + notebook_failures)
    failed = len(failures) - len(notebook_failures) + notebook["errors"] + (
        1 if second is not None and not remote.get("remote") else 0)
    measured = stats["renders"] - marks["renders"]
    growth_per_1000 = (rss_after - marks["rss"]) / max(1, measured) * 1000
    # Two points ride on RSS swings of hundreds of MB (DuckDB's buffer pool, the allocator): the least-squares slope
    # of the minute samples after warm-up, against renders, is the trend.
    after = [(r, mb) for t, r, mb, _ in samples if t >= seconds / 3]
    slope = statistics.linear_regression([r for r, _ in after], [mb for _, mb in after]).slope * 1000 \
        if len(after) >= 3 and len({r for r, _ in after}) > 1 else None
    judged = measured >= 300
    all_s = stats["render_s"] + remote["render_s"]
    return {
        "lost_writes": figure("writes acknowledged but missing afterwards", lost, "writes", target="0", met=lost == 0),
        "failed_requests": figure("failed requests (page runs on both app servers, alias writes, CLI ingests, "
                                  "notebook reads)", failed, "requests", target="0", met=failed == 0),
        "audit_chain": figure("audit chain verifies after the load", 1 if chain.ok else 0, "ok", target="1",
                              met=chain.ok, rows=chain.rows),
        "memory": figure("owner (app server) memory growth per 1,000 renders under the mixed load", growth_per_1000,
                         "MB", target="< 50 MB", met=(growth_per_1000 < 50) if judged else None,
                         rss_before_load_mb=rss_before, rss_after_warmup_mb=marks["rss"], rss_after_mb=rss_after,
                         renders_measured=measured, trend_mb_per_1000_renders=slope,
                         rss_min_after_warmup_mb=min((mb for _, mb in after), default=None),
                         rss_max_after_warmup_mb=max((mb for _, mb in after), default=None),
                         note="growth from the end of the first third of the load (warm-up) to its end, scaled to 1,000 "
                              "of this process's renders (the second server's statements run here too, uncounted)" + (
                                  "" if judged else f"; only {measured} renders after warm-up: too few to judge")),
        "seconds": seconds, "sessions": SESSIONS, "sessions_on_second_server": second_sessions,
        "time_entries": time_entries, "renders": stats["renders"] + remote["renders"],
        "renders_owner": stats["renders"], "renders_second_server": remote["renders"],
        "render_p50_s": statistics.median(all_s) if all_s else None, "render_p95_s": p95(all_s),
        "render_p95_owner_s": p95(stats["render_s"]), "render_p95_second_server_s": p95(remote["render_s"]),
        "alias_writes": acknowledged_aliases, "alias_writes_second_server": remote["alias_writes_acknowledged"],
        "cli_ingests": stats["cli_ingests_acknowledged"],
        "notebook_reads": notebook["reads"], "notebook_remote": notebook.get("remote"),
        "second_server_remote": remote.get("remote"),
        "second_server_rss_mb": [remote.get("rss_start_mb"), remote.get("rss_end_mb")],
        "service_requests": served.get("requests"), "service_remote_statements": served.get("remote_statements"),
        "service_remote_cursors_left": served.get("remote_cursors"),
        "snapshots_added": snapshots_after - snapshots_before,
        "load_average_1min": [round(x, 1) for x in load_avg], "cpus": os.cpu_count(),
        "owner_rss_samples": samples,
        "sql_copies_mb_max": max((row[3] for row in samples), default=None),
        "failures": failures[:5],
    }


def measure(tmpdir: Path, quick: bool = False) -> dict[str, Any]:
    from moat.service import endpoint
    from moat.service.server import stop_background

    quick = quick or os.environ.get("BENCH_QUICK") == "1"
    tmp = Path(tmpdir)
    rows = 100_000 if quick else 1_000_000
    seconds = float(os.environ.get("BENCH_SERVICE_SECONDS") or (20 if quick else 60))
    scale = int(os.environ.get("BENCH_SERVICE_SCALE") or 1)
    parts = {p.strip() for p in (os.environ.get("BENCH_SERVICE_PARTS") or "ingest,second,load").split(",") if p.strip()}
    # The install's files (users, audit key) first: the demo's audit rows must be keyed as the service keys its own.
    _use_db(tmp / f"demo-{scale}.duckdb", tmp)
    paths, demos = build_demos(tmp, (scale,))
    db_path = paths[scale]
    _use_db(db_path, tmp)
    result: dict[str, Any] = {"title": "Several processes on one database (the app's data service)",
                              "scale": scale, "demo": demos[0], "parts": sorted(parts)}
    try:
        for page in PAGES:  # warm-up; the first page run opens the database and starts the service
            render(_page(page))
        ep = endpoint.read(db_path)
        if ep is None or ep.pid != os.getpid():
            raise RuntimeError("the app's page run did not start the data service")
        if "ingest" in parts:
            during = renders_during_ingest(db_path, tmp, rows, 12 if quick else 24)
            apart = renders_during_ingest(db_path, tmp, rows, 12 if quick else 24, into=tmp / "elsewhere.duckdb")
            result.update({"render_during_ingest": during, "render_during_ingest_elsewhere": apart,
                           "forwarded_vs_own_process": (during["ratio"] / apart["ratio"])
                           if during["ratio"] and apart["ratio"] else None})
        if "second" in parts:
            result["second_app_server"] = second_server_renders(db_path, tmp, 3 if quick else 6)
        if "load" in parts:
            result["mixed_load"] = mixed_load(db_path, tmp, seconds)
    finally:
        stop_background(db_path)
    notes = [f"quick mode: {rows:,}-row ingest, {seconds:.0f} s of mixed load"] if quick else []
    if seconds < 300 and not quick and "load" in parts:
        notes.append(f"mixed load ran {seconds:.0f} s (BENCH_SERVICE_SECONDS), not the issue's 5 minutes")
    if scale != 100:
        notes.append(f"demo scale {scale} (BENCH_SERVICE_SCALE); the issue's memory figure is at scale 100")
    result["notes"] = notes
    return result


if __name__ == "__main__":
    sys.exit(_second_server_main(sys.argv[1:]))
