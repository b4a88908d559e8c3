"""Per-thread standard streams, so CLI code run by the service writes into the request's buffers.

``contextlib.redirect_stdout`` swaps ``sys.stdout`` for the whole process: in a multi-threaded server, one
request's output would land in another's reply (or a page's). Instead ``install`` replaces ``sys.stdout``,
``sys.stderr`` and ``sys.stdin`` once with proxies that write to (read from) the streams ``bind`` set for the
current thread and pass everything else through to the original streams. Nothing global changes per request.
"""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_local = threading.local()
_lock = threading.Lock()


class _ThreadStream(io.TextIOBase):
    def __init__(self, name: str, fallback: Any) -> None:
        self._name = name
        self._fallback = fallback

    def _target(self) -> Any:
        bound = getattr(_local, self._name, None)
        return self._fallback if bound is None else bound

    def write(self, text: str) -> int:
        return self._target().write(text)

    def flush(self) -> None:
        self._target().flush()

    def read(self, size: int | None = -1) -> str:
        return self._target().read(size)

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        return self._target().readline(size)

    def isatty(self) -> bool:
        return bool(self._target().isatty())

    def fileno(self) -> int:
        return self._target().fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._target(), "encoding", "utf-8") or "utf-8"

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target(), name)


def install() -> None:
    """Put the proxies in place once per process (idempotent).

    ``getpass.getpass`` reads the controlling terminal, not ``sys.stdin``: a forwarded command that asks for a
    password would wait at the server's terminal. Wrapped once here, it reads the request's stdin (what the
    client sent) on a thread that serves a request, and behaves as before everywhere else.
    """
    import getpass

    with _lock:
        for name in ("stdout", "stderr", "stdin"):
            current = getattr(sys, name)
            if not isinstance(current, _ThreadStream):
                setattr(sys, name, _ThreadStream(name, current))
        if not getattr(getpass.getpass, "_moat_per_thread", False):
            original = getpass.getpass

            def per_thread_getpass(prompt: str = "Password: ", stream: Any = None) -> str:
                bound = getattr(_local, "stdin", None)
                if bound is None:
                    return original(prompt, stream)
                return bound.readline().rstrip("\r\n")

            per_thread_getpass._moat_per_thread = True  # type: ignore[attr-defined]
            getpass.getpass = per_thread_getpass


@contextmanager
def bind(stdout: Any, stderr: Any, stdin: Any) -> Iterator[None]:
    """For the current thread only: ``sys.stdout``/``stderr``/``stdin`` are these until the block ends."""
    install()
    old = (getattr(_local, "stdout", None), getattr(_local, "stderr", None), getattr(_local, "stdin", None))
    _local.stdout, _local.stderr, _local.stdin = stdout, stderr, stdin
    try:
        yield
    finally:
        _local.stdout, _local.stderr, _local.stdin = old
