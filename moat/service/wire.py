"""Values on the wire between a client and the service: JSON, with frames as Arrow IPC (never pickle).

Dates, periods, paths and polars frames are tagged objects so both sides get back the same types; anything
else must be plain JSON.
"""

from __future__ import annotations

import base64
import dataclasses
import io
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl


def frame_bytes(df: pl.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.write_ipc_stream(buf)
    return buf.getvalue()


def frame_from(data: bytes) -> pl.DataFrame:
    return pl.read_ipc_stream(io.BytesIO(data))


def encode(value: Any) -> Any:
    from moat.metrics.periods import Period

    if isinstance(value, pl.DataFrame):
        return {"$frame": base64.b64encode(frame_bytes(value)).decode("ascii")}
    if isinstance(value, Period):
        return {"$period": [value.start.isoformat(), value.end.isoformat()]}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, time):
        return {"$time": value.isoformat()}
    if isinstance(value, timedelta):
        return {"$timedelta": [value.days, value.seconds, value.microseconds]}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, uuid.UUID):
        return {"$uuid": str(value)}
    if isinstance(value, Path):
        return {"$path": str(value)}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, tuple):
        return {"$tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"$answer": encode(dataclasses.asdict(value))} if type(value).__name__ == "Answer" else encode(
            dataclasses.asdict(value))
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)  # other scalars: their text


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        (tag, inner), = value.items()
        if tag == "$frame":
            return frame_from(base64.b64decode(inner))
        if tag == "$period":
            from moat.metrics.periods import Period

            return Period.parse(inner[0], inner[1])
        if tag == "$datetime":
            return datetime.fromisoformat(inner)
        if tag == "$date":
            return date.fromisoformat(inner)
        if tag == "$time":
            return time.fromisoformat(inner)
        if tag == "$timedelta":
            return timedelta(days=inner[0], seconds=inner[1], microseconds=inner[2])
        if tag == "$bytes":
            return base64.b64decode(inner)
        if tag == "$uuid":
            return uuid.UUID(inner)
        if tag == "$path":
            return Path(inner)
        if tag == "$decimal":
            return Decimal(inner)
        if tag == "$tuple":
            return tuple(decode(v) for v in inner)
        if tag == "$answer":
            from moat.ai.engine import Answer

            return Answer.from_dict(decode(inner))
    return {k: decode(v) for k, v in value.items()}
