"""Run one user-written SELECT in a child process with hard time and memory limits (the facade's ``sql``).

Why a process: DuckDB's own limits do not hold for every query. ``SELECT count(*) FROM
unnest(generate_series(1, 200000000))`` builds one huge list in a single function call: ``interrupt`` is never
checked inside it and ``memory_limit`` does not count it (measured on DuckDB 2.0.1: 61 s and 14 GB with a 5 s
timeout). Only the operating system can stop that. So the query runs in a child process that loads a copy of the
sandbox's data (Arrow files written once per data version into a private 0700 folder), disables external access,
caps its own address space (``RLIMIT_AS``: what it uses after start-up plus ``memory_mb``) and its CPU time, and
is killed by an alarm after ``timeout_s``. The parent waits, gets the rows back as an Arrow stream, or raises a
clean ``UnsafeQuery`` when the child was stopped; the app or notebook process itself is never at risk.

The SQL was already checked by ``moat.ai.safety`` in the parent (one SELECT over the ``cur_*`` tables with
allow-listed functions); the child's locked, in-memory instance is the second wall, as in the sandbox.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import polars as pl

from moat.errors import UnsafeQuery

STARTUP_ALLOWANCE_S = 60.0  # start Python, import DuckDB, load the data: never counted against the query
PREFIX = "moat-sql-"  # + this process's id + "-": a folder whose process is gone is an orphan anyone may remove
_LOCK = threading.Lock()
_USERS: dict[str, int] = {}  # folder -> queries running on it now
_RETIRED: set[str] = set()  # folders whose sandbox (data version) was closed: removed once no query uses them


def _remove(folder: str) -> None:
    _USERS.pop(folder, None)
    _RETIRED.discard(folder)
    shutil.rmtree(folder, ignore_errors=True)


def _cleanup() -> None:
    with _LOCK:
        for folder in list(_USERS):
            _remove(folder)


atexit.register(_cleanup)


def _retire(folder: str) -> None:
    """The sandbox of ``folder`` was closed (a newer data version replaced it): remove the copy when unused.

    Why: a long-running process sees a new data version after every load; each copy is the whole current data
    (231 MB at demo scale 100), so keeping them until exit filled a 250 GB disk in an hour of scheduled loads."""
    with _LOCK:
        if folder not in _USERS:
            return
        if _USERS[folder] == 0:
            _remove(folder)
        else:
            _RETIRED.add(folder)


def _release(folder: str) -> None:
    with _LOCK:
        if folder in _USERS:
            _USERS[folder] -= 1
            if _USERS[folder] == 0 and folder in _RETIRED:
                _remove(folder)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def sweep_orphans(parent: str | None = None) -> int:
    """Remove copies left by processes that ended without cleaning up (killed: ``atexit`` never ran)."""
    removed = 0
    for folder in Path(parent or tempfile.gettempdir()).glob(f"{PREFIX}*-*"):
        pid = folder.name[len(PREFIX):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def data_dir(sandbox: Any) -> Path:
    """The sandbox's tables as Arrow IPC files in a private folder, written once per sandbox (data version), and
    removed when the sandbox is closed and no query is using them."""
    with _LOCK:
        found = sandbox.memo.get("isolation_dir")
        if found is not None and found in _USERS and Path(found).is_dir():
            return Path(found)
        import pyarrow as pa

        from moat.ai.safety import ALLOWED_TABLES

        sweep_orphans()
        folder = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-")  # 0700
        _USERS[folder] = 0
        try:
            if sandbox.closed:
                raise _changed()
            cur = sandbox.instance.cursor()
            try:
                for name in sorted(ALLOWED_TABLES):
                    table = cur.sql(f"SELECT * FROM {name}").to_arrow_table()  # name from the allow-list
                    with pa.OSFile(os.path.join(folder, f"{name}.arrow"), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
                        writer.write_table(table)
            finally:
                cur.close()
        except BaseException as err:
            _remove(folder)
            if sandbox.closed and not isinstance(err, UnsafeQuery):  # replaced by a newer version while copying
                raise _changed() from err
            raise
        sandbox.memo["isolation_dir"] = folder
    sandbox.on_close(lambda: _retire(folder))  # at once when the sandbox closed meanwhile: never left until exit
    return Path(folder)


def _changed() -> UnsafeQuery:
    return UnsafeQuery("the data changed while the query started", "run the query again")


def _acquire(sandbox: Any) -> str:
    """The sandbox's folder, counted as in use until ``_release`` (so a newer data version cannot remove it)."""
    folder = str(data_dir(sandbox))
    with _LOCK:
        if folder not in _USERS or not Path(folder).is_dir():  # retired and removed between the two locks
            raise _changed()
        _USERS[folder] += 1
    return folder


def run(sandbox: Any, sql: str, params: list[Any] | None, *, row_limit: int, timeout_s: float,
        memory_mb: int) -> pl.DataFrame:
    """The rows of ``sql`` (already checked), computed in a limited child process; ``UnsafeQuery`` when stopped."""
    folder = _acquire(sandbox)
    try:
        return _run(folder, sql, params, row_limit=row_limit, timeout_s=timeout_s, memory_mb=memory_mb)
    finally:
        _release(folder)


def _run(folder: str, sql: str, params: list[Any] | None, *, row_limit: int, timeout_s: float,
         memory_mb: int) -> pl.DataFrame:
    import pyarrow as pa

    job = {"dir": folder, "sql": sql, "params": list(params or []), "row_limit": int(row_limit),
           "timeout_s": float(timeout_s), "memory_mb": int(memory_mb)}
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "PYTHONPATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}
    try:
        done = subprocess.run(
            [sys.executable, "-c", "from moat.isolation import child; child()"],
            input=json.dumps(job, default=str).encode("utf-8"), capture_output=True, env=env,
            timeout=timeout_s + STARTUP_ALLOWANCE_S,
        )
    except subprocess.TimeoutExpired as err:  # subprocess.run has killed it
        raise UnsafeQuery(f"query stopped after {timeout_s:g} s", "ask about a shorter period or fewer rows") from err
    if done.returncode == 0:
        table = pa.ipc.open_stream(done.stdout).read_all()
        df = pl.from_arrow(table)
        assert isinstance(df, pl.DataFrame)
        if df.height > row_limit:
            raise UnsafeQuery(f"the answer has more than {row_limit} rows", "ask for a top N or a shorter period")
        return df
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    last = next((line for line in lines if line.startswith(("TIMEOUT", "MEMORY", "ERROR "))), lines[-1] if lines else "")
    if done.returncode in (-14, -24, 124) or last.startswith("TIMEOUT"):  # SIGALRM, SIGXCPU, our own
        raise UnsafeQuery(f"query stopped after {timeout_s:g} s", "ask about a shorter period or fewer rows")
    if last.startswith("MEMORY") or done.returncode < 0 or "memory" in last.lower():
        raise UnsafeQuery(f"query stopped: it needed more than the {memory_mb} MB a query may use",
                          "aggregate in SQL (GROUP BY) or select fewer rows")
    if last.startswith("ERROR "):
        raise UnsafeQuery(f"query failed: {last[6:][:500]}", "check the SQL; only the cur_* tables can be read")
    raise UnsafeQuery(f"query failed (exit {done.returncode})", "check the SQL")


def _vm_size_bytes() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def child() -> None:
    """The child's side: load the data, lock the instance, cap memory and time, run, write Arrow to stdout."""
    import signal

    import pyarrow as pa

    from moat.db import duckdb  # the one module that imports duckdb

    job = json.loads(sys.stdin.read())
    con = duckdb.connect(":memory:")
    # stdout carries the Arrow stream back: DuckDB's progress bar (any statement over 2 s, i.e. a busy machine) would
    # land in it ("\r100% ..."), and the parent failed with "Expected to read 808464653 metadata bytes" (a 2-hour run)
    con.execute("SET enable_progress_bar = false")
    for file in sorted(Path(job["dir"]).glob("*.arrow")):
        with pa.memory_map(str(file)) as source:
            table = pa.ipc.open_file(source).read_all()
        con.register("_moat_src", table)
        con.execute(f'CREATE TABLE "{file.stem}" AS SELECT * FROM _moat_src')
        con.unregister("_moat_src")
        del table
    con.execute(f"SET memory_limit = '{job['memory_mb']}MB'")
    con.execute("SET max_temp_directory_size = '0KB'")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    try:
        import resource

        limit = _vm_size_bytes() + job["memory_mb"] * 1024 * 1024 * 2  # DuckDB's own buffers + one list's worth
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        cpu = int(job["timeout_s"] * max(1, os.cpu_count() or 1)) + 5
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    except (ImportError, ValueError, OSError):
        pass
    timer = threading.Timer(job["timeout_s"], con.interrupt)
    timer.daemon = True
    timer.start()
    if hasattr(signal, "setitimer"):  # the hard stop: SIGALRM's default action ends the process
        signal.setitimer(signal.ITIMER_REAL, job["timeout_s"] + 1.0)
    try:
        result = con.sql(job["sql"], params=job["params"] or None).limit(job["row_limit"] + 1).to_arrow_table()
    except duckdb.InterruptException:
        sys.stderr.write("TIMEOUT\n")
        sys.exit(3)
    except duckdb.OutOfMemoryException as err:
        sys.stderr.write("MEMORY " + str(err).replace("\n", " ") + "\n")
        sys.exit(4)
    except MemoryError:
        sys.stderr.write("MEMORY\n")
        sys.exit(4)
    except duckdb.Error as err:
        text = str(err).replace("\n", " ")
        sys.stderr.write("TIMEOUT\n" if "interrupt" in text.lower() else f"ERROR {text}\n")
        sys.exit(3 if "interrupt" in text.lower() else 5)
    if hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_REAL, 0)
    with pa.ipc.new_stream(sys.stdout.buffer, result.schema) as writer:
        writer.write_table(result)
    sys.stdout.flush()
