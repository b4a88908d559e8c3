"""Page-run memo: the metric frames a page draws, kept per database and data version for the whole process.

At 1M time entries one page asks for the same frames more than once (Trends lists the clients from
``profitability`` and then gathers the evidence, which runs ``profitability`` again), and every executive who opens
the Overview asks for exactly what the previous one did. Both are answered from here while the data is unchanged.

Only reads made in a page run's read snapshot (``db.read_snapshot``) are memoised: such a transaction is read-only,
so what it sees is committed data, fully described by ``snapshots.data_version``. Anything else (the CLI, an analytics
run, the what-if transaction that changes data it then reads back) always computes afresh, as do in-memory
databases, which have no identity that outlives their connection.
"""

from __future__ import annotations

import dataclasses
import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import polars as pl

from moat import db, snapshots

MAX_ENTRIES = 48  # a few periods x a few pages x two data versions
MAX_BYTES = 512 << 20  # a year's evidence at 1M time entries is tens of MB: bound the memory, not only the count

F = TypeVar("F", bound=Callable[..., Any])

_LOCK = threading.Lock()
_ENTRIES: OrderedDict[tuple[Any, ...], tuple[Any, int]] = OrderedDict()  # key -> (value, estimated bytes)


def estimated_bytes(value: Any) -> int:
    """Polars' estimate for a frame; the sum over the fields of a dataclass (such as ``Evidence``); 0 otherwise."""
    if isinstance(value, pl.DataFrame):
        return int(value.estimated_size())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sum(estimated_bytes(getattr(value, f.name)) for f in dataclasses.fields(value))
    return 0


def memoised(fn: F) -> F:
    """Memoise ``fn(con, *args, **kwargs)`` for read-snapshot connections (see the module docstring).

    The arguments after ``con`` must be hashable (periods, names, flags). The cached value is shared between
    sessions, so it must not be changed in place: DataFrames are safe; a function returning a mutable object hands
    each caller a copy of it (as ``evidence.gather`` does).
    """

    @functools.wraps(fn)
    def wrapper(con: db.Connection, *args: Any, **kwargs: Any) -> Any:
        snapshot = db.snapshot_key(con, snapshots.data_version)
        if snapshot is None or snapshot[0] is None:  # not a page run's snapshot, or an in-memory database
            return fn(con, *args, **kwargs)
        key = (*snapshot, fn.__module__, fn.__qualname__, args, tuple(sorted(kwargs.items())))
        with _LOCK:
            if key in _ENTRIES:
                _ENTRIES.move_to_end(key)
                return _ENTRIES[key][0]
        value = fn(con, *args, **kwargs)  # outside the lock: two sessions may compute the same frame once each
        size = estimated_bytes(value)
        with _LOCK:
            _ENTRIES[key] = (value, size)
            total = sum(n for _, n in _ENTRIES.values())
            while len(_ENTRIES) > MAX_ENTRIES or (total > MAX_BYTES and len(_ENTRIES) > 1):
                _, (_, dropped) = _ENTRIES.popitem(last=False)
                total -= dropped
        return value

    wrapper.uncached = fn  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def clear() -> None:
    """Forget everything (tests; a restore replaces the database file under the same path)."""
    with _LOCK:
        _ENTRIES.clear()


def size() -> int:
    """How many results are held now (the System page shows it)."""
    with _LOCK:
        return len(_ENTRIES)


def held_bytes() -> int:
    """Their estimated memory."""
    with _LOCK:
        return sum(n for _, n in _ENTRIES.values())
