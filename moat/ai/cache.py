"""The answer cache: diskcache on disk, keyed by what was *meant*, on which data, by which code and model.

Key = sha256 of (normalised interpretation ``Intent.key()``, database identity, data version
``moat.snapshots.data_version``, template version, model version). Paraphrases of one question share an entry; a new
snapshot (or a rollback) changes the data version, so stale answers are never served — they simply age out.
No similarity matching of raw text: "most" and "least" profitable look alike to embeddings and mean opposites.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

SIZE_LIMIT = 256 * 1024 * 1024  # bytes on disk; diskcache evicts least recently stored beyond it
TTL_SECONDS = 30 * 24 * 3600

_CACHES: dict[str, Any] = {}
_LOCK = threading.Lock()


def key(intent_key: str, database: str, data_version: str, template_version: str, model_version: str) -> str:
    payload = json.dumps([intent_key, database, data_version, template_version, model_version], sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class AnswerCache:
    def __init__(self, directory: str | Path) -> None:
        import diskcache

        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._cache = diskcache.Cache(str(self.directory), size_limit=SIZE_LIMIT)
        self.hits = 0
        self.misses = 0

    def get(self, k: str) -> dict[str, Any] | None:
        found = self._cache.get(k)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, k: str, value: dict[str, Any]) -> None:
        self._cache.set(k, value, expire=TTL_SECONDS)

    def clear(self) -> int:
        return int(self._cache.clear())

    def info(self) -> dict[str, Any]:
        """For the System page: where, how big, how useful."""
        return {"directory": str(self.directory), "entries": len(self._cache), "bytes": int(self._cache.volume()),
                "hits": self.hits, "misses": self.misses}


def open_cache(directory: str | Path) -> AnswerCache:
    """One ``AnswerCache`` per folder and process (diskcache itself is safe across processes)."""
    path = str(Path(directory).resolve())
    with _LOCK:
        found = _CACHES.get(path)
        if found is None:
            found = AnswerCache(path)
            _CACHES[path] = found
        return found
