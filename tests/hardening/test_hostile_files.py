"""Hostile files through the real ingest pipeline: each ends loaded, partly quarantined or rejected with a message.

Never a crash, a hang (> 60 s for one file) or a memory blow-up (> 2 GB resident). The files (see
``hostile_corpus`` for the list and the sizes chosen) go through ``moat.ingest.ingest_path`` in a worker process
against a copy of the demo database; the test watches the worker from outside, so a hang or a runaway
allocation is caught and named instead of taking the test run down. Afterwards the database must still pass the
crash invariants (audit chain, every snapshot holding exactly its rows).
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from moat import db
from tests.conftest import ROOT
from tests.hardening.hostile_corpus import build
from tests.hardening.test_kill9 import check_consistent

PER_FILE_SECONDS = 60
MAX_RSS = 2 * 1024**3

WORKER = r"""
import json, resource, sys, time, traceback
from pathlib import Path
from moat import db
from moat.errors import MoatError
from moat.governance.permissions import local_operator
from moat.ingest import ingest_path

con = db.connect(sys.argv[1])
user = local_operator("hostile-test")
for path in sys.argv[2:]:
    print(json.dumps({"start": Path(path).name}), flush=True)
    started = time.perf_counter()
    out = {"file": Path(path).name}
    try:
        report = ingest_path(con, user, path)
        out.update(outcome="quarantined" if report["rows_quarantined"] else "loaded",
                   rows_loaded=report["rows_loaded"], rows_quarantined=report["rows_quarantined"],
                   dataset=report["dataset"], errors=[e["reason"] for e in report["errors"][:3]])
    except MoatError as err:
        out.update(outcome="rejected", kind=type(err).__name__, message=str(err))
    except BaseException as err:
        out.update(outcome="crash", kind=type(err).__name__, message=str(err)[:500], traceback=traceback.format_exc()[-1500:])
    out["seconds"] = round(time.perf_counter() - started, 3)
    out["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(out), flush=True)
con.close()
"""


def _reader(stream, lines: queue.Queue) -> None:  # a pipe
    for line in stream:
        lines.put(line)
    lines.put(None)


def run_corpus(db_path: Path, files: list[Path]) -> dict[str, dict]:
    """Ingest ``files`` in a watched worker; a file that hangs or blows memory is recorded and the rest go on."""
    results: dict[str, dict] = {}
    pending = list(files)
    while pending:
        proc = subprocess.Popen([sys.executable, "-c", WORKER, str(db_path), *map(str, pending)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True).start()
        current, since = None, time.monotonic()
        watcher = psutil.Process(proc.pid)
        while True:
            try:
                line = lines.get(timeout=0.2)
            except queue.Empty:
                line = ""
            if line is None:  # the worker's output ended
                proc.wait()
                if current is not None:  # it died inside a file: a hard crash (segfault, abort, OOM kill)
                    results[current] = {"file": current, "outcome": "crash", "message": f"worker exited {proc.returncode}"}
                break
            if line:
                event = json.loads(line)
                if "start" in event:
                    current, since = event["start"], time.monotonic()
                else:
                    results[event["file"]] = event
                    current = None
                continue
            try:
                rss = watcher.memory_info().rss
            except psutil.NoSuchProcess:
                rss = 0
            overrun = current is not None and time.monotonic() - since > PER_FILE_SECONDS
            if overrun or rss > MAX_RSS:
                proc.kill()
                proc.wait()
                results[current or "?"] = {"file": current, "outcome": "hang" if overrun else "memory",
                                           "message": f"{time.monotonic() - since:.0f} s, {rss / 1e6:.0f} MB resident"}
                break
        pending = [f for f in pending if f.name not in results]
    return results


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("hostile-files")
    return folder, build(folder)


def test_corpus_is_big_enough(corpus: tuple[Path, dict[str, str]]) -> None:
    folder, expected = corpus
    assert len(expected) >= 40
    assert sorted(p.name for p in folder.iterdir()) == sorted(expected)
    bomb = folder / "zip_bomb.xlsx"
    assert bomb.stat().st_size < 5_000_000  # a small file ...
    import zipfile

    assert sum(i.file_size for i in zipfile.ZipFile(bomb).infolist()) > 1_000_000_000  # ... that inflates past 1 GB


def test_every_hostile_file_is_loaded_quarantined_or_rejected(corpus: tuple[Path, dict[str, str]], demo_path: Path) -> None:
    folder, expected = corpus
    files = sorted(folder / name for name in expected)
    results = run_corpus(demo_path, files)
    assert sorted(results) == sorted(expected)
    bad = {name: r for name, r in results.items() if r["outcome"] not in ("loaded", "quarantined", "rejected")}
    assert bad == {}, json.dumps(bad, indent=1)[:4000]
    wrong = {}
    for name, want in expected.items():
        outcome = results[name]["outcome"]
        if want == "rejected" and outcome != "rejected" or want == "accepted" and outcome == "rejected":
            wrong[name] = results[name]
    assert wrong == {}, json.dumps(wrong, indent=1)[:4000]
    for name, r in results.items():
        if r["outcome"] == "rejected":
            assert r["kind"] != "MoatError" or r["message"], name
            assert len(r["message"]) > 10 and "Traceback" not in r["message"], name  # a sentence a person can act on
    check_consistent(demo_path)
    con = db.connect(demo_path)
    try:
        loaded_text = " ".join(str(v) for v in db.rows(con, "SELECT string_agg(coalesce(notes, ''), ' ') FROM time_entries")[0])
        assert "root:x:0:0" not in loaded_text  # no external entity was resolved into the data
        # formula-looking values are stored as the text they were, never evaluated
        assert db.scalar(con, "SELECT count(*) FROM time_entries WHERE notes LIKE '=cmd|%'") in (0, 1)
    finally:
        con.close()
    slowest = max(results.values(), key=lambda r: r.get("seconds", 0))
    print(f"\nhostile corpus: {len(results)} files; outcomes "
          f"{ {o: sum(r['outcome'] == o for r in results.values()) for o in ('loaded', 'quarantined', 'rejected')} }; "
          f"slowest {slowest['file']} {slowest.get('seconds')} s; peak RSS {max(r.get('max_rss_mb', 0) for r in results.values())} MB")
    assert os.environ.get("MOAT_HOSTILE_DEBUG") is None or print(json.dumps(results, indent=1)) is None
