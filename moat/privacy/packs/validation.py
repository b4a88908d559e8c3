"""Strict validation of a benchmark pack on import: schema, types and ranges, one specific ``FileRejected`` each.

A pack comes from another MSP's installation, so nothing in it is trusted: unknown fields are refused (a pack cannot
carry a client name), numbers must be finite and inside the metric's range, and every value must name a listed
metric and a declared segment once.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from typing import Any

from moat.errors import FileRejected, MoatError
from moat.metrics.periods import Period
from moat.privacy.bounds import ALL, GROUPINGS, METRICS
from moat.privacy.packs.format import SCHEMA, SCHEMA_VERSION, TOP_KEYS, VALUE_KEYS

_KEY = re.compile(r"^[a-z0-9][a-z0-9 _&/-]{0,39}$")
MAX_VALUES = 5000


def _number(x: Any, where: str, name: str) -> float | None:
    if x is None:
        return None
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(float(x)):
        raise FileRejected(name, f"{where} must be a finite number or null, got {x!r}")
    return float(x)


def validate(data: bytes, name: str = "pack") -> dict[str, Any]:
    """Parse and check a pack strictly (schema, types, ranges); ``FileRejected`` says what is wrong."""
    pack = _parsed(data, name)
    _check_privacy(pack, name)
    keys, listed = _check_scope(pack, name)
    values = pack["values"]
    if not isinstance(values, list) or not values or len(values) > MAX_VALUES:
        raise FileRejected(name, f"values must be a list of 1 to {MAX_VALUES} entries")
    seen: set[tuple[str, str]] = set()
    for i, v in enumerate(values):
        _check_value(v, f"values[{i}]", name, keys, listed, seen)
    return pack


def _parsed(data: bytes, name: str) -> dict[str, Any]:
    """The pack as JSON with the schema, version and exactly the top-level fields of this version."""
    try:
        pack = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise FileRejected(name, f"not a JSON benchmark pack: {err}", "export packs with `moat share --out PACK.json`") from err
    if not isinstance(pack, dict) or pack.get("schema") != SCHEMA:
        raise FileRejected(name, f"not a MoatMetrics benchmark pack (schema must be {SCHEMA!r})")
    if pack.get("schema_version") != SCHEMA_VERSION:
        raise FileRejected(name, f"schema_version {pack.get('schema_version')!r} is not supported (this version reads {SCHEMA_VERSION})",
                           "ask the sender for a pack from a matching MoatMetrics version, or upgrade")
    missing, extra = TOP_KEYS - set(pack), set(pack) - TOP_KEYS
    if missing or extra:
        raise FileRejected(name, f"fields missing: {sorted(missing) or 'none'}; unknown fields: {sorted(extra) or 'none'}")
    return pack


def _check_privacy(pack: dict[str, Any], name: str) -> None:
    """Epsilon in (0, 100] and alpha in (0, 0.5): the parameters every interval in the pack is read with."""
    privacy = pack["privacy"]
    eps = _number(privacy.get("epsilon") if isinstance(privacy, dict) else None, "privacy.epsilon", name)
    alpha = _number(privacy.get("alpha") if isinstance(privacy, dict) else None, "privacy.alpha", name)
    if eps is None or not 0 < eps <= 100:
        raise FileRejected(name, f"privacy.epsilon must be in (0, 100], got {eps}")
    if alpha is None or not 0 < alpha < 0.5:
        raise FileRejected(name, f"privacy.alpha must be in (0, 0.5), got {alpha}")


def _check_scope(pack: dict[str, Any], name: str) -> tuple[list[str], list[str]]:
    """Period, grouping, segment keys, label and metrics; returns (segment keys, metric names) for the values."""
    try:
        Period(date.fromisoformat(pack["period"]["start"]), date.fromisoformat(pack["period"]["end"]))
    except (TypeError, KeyError, ValueError, MoatError) as err:
        raise FileRejected(name, f"period must hold ISO start <= end dates: {err}") from err
    if pack["grouping"] not in GROUPINGS:
        raise FileRejected(name, f"grouping must be one of {GROUPINGS}, got {pack['grouping']!r}")
    keys = pack["segments"].get("keys") if isinstance(pack["segments"], dict) else None
    if not isinstance(keys, list) or not keys or not all(isinstance(k, str) and _KEY.match(k) for k in keys):
        raise FileRejected(name, "segments.keys must be a list of short lower-case segment names")
    if not isinstance(pack["label"], str) or len(pack["label"]) > 200:
        raise FileRejected(name, "label must be text of at most 200 characters")
    listed = [m.get("name") for m in pack["metrics"]] if isinstance(pack["metrics"], list) and all(isinstance(m, dict) for m in pack["metrics"]) else None
    if not listed or any(m not in METRICS for m in listed):
        raise FileRejected(name, f"metrics must name known metrics ({', '.join(METRICS)})")
    return keys, listed


def _check_value(v: Any, where: str, name: str, keys: list[str], listed: list[str], seen: set[tuple[str, str]]) -> None:
    """One entry of ``values``: its fields, a listed metric and a declared segment once, numbers in the metric's
    range with the value inside its interval, a short note. Adds (metric, segment) to ``seen``."""
    if not isinstance(v, dict) or set(v) != VALUE_KEYS:
        raise FileRejected(name, f"{where} must have exactly the fields {sorted(VALUE_KEYS)}")
    metric, segment = v["metric"], v["segment"]
    if metric not in listed:
        raise FileRejected(name, f"{where}: metric {metric!r} is not listed in metrics")
    if segment not in keys and segment != ALL:
        raise FileRejected(name, f"{where}: segment {segment!r} is not one of segments.keys")
    if (metric, segment) in seen:
        raise FileRejected(name, f"{where}: a second value for {metric} / {segment}")
    seen.add((metric, segment))
    lo_r, hi_r = METRICS[metric].value_range
    nums = {k: _number(v[k], f"{where}.{k}", name) for k in ("value", "low", "high", "accuracy")}
    for k in ("value", "low", "high"):
        if nums[k] is not None and not lo_r <= nums[k] <= hi_r:
            raise FileRejected(name, f"{where}.{k} = {nums[k]} is outside the range of {metric} [{lo_r}, {hi_r}]")
    if nums["accuracy"] is not None and nums["accuracy"] < 0:
        raise FileRejected(name, f"{where}.accuracy must be >= 0")
    if None not in (nums["value"], nums["low"], nums["high"]) and not nums["low"] <= nums["value"] <= nums["high"]:
        raise FileRejected(name, f"{where}: value must lie between low and high")
    if v["note"] is not None and (not isinstance(v["note"], str) or len(v["note"]) > 200):
        raise FileRejected(name, f"{where}.note must be short text or null")
