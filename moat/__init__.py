"""MoatMetrics: local-first MSP profitability, licence and utilisation analytics over DuckDB.

From Python (notebooks, scripts)::

    import moat
    with moat.open("data/moat.duckdb") as s:      # the local operator; user="ann", token=... for an account
        s.profitability("2026-08-01", "2026-10-31")

``open`` and ``Session`` are loaded on first use (module ``__getattr__``), so ``import moat`` stays fast and
imports neither DuckDB nor polars until a session is opened.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Session", "open"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from moat import api

        return getattr(api, name)
    raise AttributeError(f"module 'moat' has no attribute {name!r}")
