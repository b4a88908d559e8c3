"""Logging, configured once: readable lines on the console, JSON lines in a rotating file beside the database.

The log file is owner-only (``moat.fileperms``): it names users and files even though it never holds rows.

No secrets and no client-level rows are ever passed to the logger; messages carry counts and ids.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
from pathlib import Path

from moat.config import Config

_configured = False


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)


def log_path(cfg: Config) -> Path:
    return cfg.file_path("log_file", "moat.log.jsonl")


def setup(cfg: Config, console: bool = True) -> None:
    """Idempotent; the level comes from MOAT_LOG_LEVEL / log_level."""
    global _configured
    if _configured:
        return
    root = logging.getLogger("moat")
    root.setLevel(getattr(logging, str(cfg.log_level).upper()))
    if console:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
        root.addHandler(handler)
    from moat import fileperms

    fileperms.configure(str(getattr(cfg, "file_group", "") or "") or None)  # owner-only from here on (issue 18)
    path = log_path(cfg)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(path, maxBytes=5_000_000, backupCount=3, encoding="utf-8")
        fileperms.protect(path)  # a log file an older version created world-readable
        file_handler.setFormatter(JsonFormatter())
        root.addHandler(file_handler)
    except OSError:
        root.warning("cannot write log file %s", os.fspath(path))
    _configured = True
