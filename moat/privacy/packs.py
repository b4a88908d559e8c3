"""Benchmark packs: the file a release becomes, its strict validation on import, and comparison with peers.

A pack holds only what a release produced (noisy values and their intervals) and the public parameters needed
to read them: epsilon, alpha, period, segment keys, clipping ranges, metric definitions, schema version. There
is no field for a client name or id, and import rejects unknown fields, so a pack cannot carry one either.

Shape (schema_version 1)::

    {"schema": "moat.benchmark_pack", "schema_version": 1, "label": str, "created_at": iso, "currency": "USD",
     "period": {"start": date, "end": date, "months": int}, "grouping": "segment" | "all",
     "privacy": {"mechanism", "epsilon", "delta", "unit", "alpha", "confidence", "aggregates"},
     "segments": {"keys": [str], "definition": str}, "clipping": {aggregate: {"range", "doc"}, "note": str},
     "metrics": [{"name", "label", "unit", "scope", "definition"}],
     "values": [{"metric", "segment", "value", "low", "high", "accuracy", "note"}]}
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from moat.cells import escape_row
from moat.db import Connection, atomic, frame, scalar
from moat.errors import FileRejected, MoatError
from moat.formatting import dumps, money
from moat.governance import audit
from moat.governance.permissions import User, require
from moat.metrics.periods import Period
from moat.privacy.bounds import ALL, GROUPINGS, METRICS, OTHER, Declared

SCHEMA = "moat.benchmark_pack"
SCHEMA_VERSION = 1
TOP_KEYS = {"schema", "schema_version", "label", "created_at", "currency", "period", "grouping", "privacy", "segments",
            "clipping", "metrics", "values"}
VALUE_KEYS = {"metric", "segment", "value", "low", "high", "accuracy", "note"}
CSV_COLUMNS = ["metric", "segment", "value", "low", "high", "accuracy", "note", "unit", "epsilon", "alpha",
               "period_start", "period_end", "grouping", "schema_version"]
_KEY = re.compile(r"^[a-z0-9][a-z0-9 _&/-]{0,39}$")
MAX_VALUES = 5000


def _round(unit: str, value: float | None) -> Any:
    if value is None:
        return None
    if unit == "money":
        return money(value)
    return round(float(value), 6)


def build(req: Any, decl: Declared, values: list[dict[str, Any]], *, label: str = "", currency: str = "USD") -> dict[str, Any]:
    """The pack of one release (``req``: ``releases.Request``)."""
    aggregates = len({a for m in req.metrics for a in (METRICS[m].numerator, METRICS[m].denominator) if a and a != "available_hours"})
    rounded = []
    for v in values:
        unit = METRICS[v["metric"]].unit
        rounded.append({**v, **{k: _round(unit, v[k]) for k in ("value", "low", "high", "accuracy")}})
    return {
        "schema": SCHEMA, "schema_version": SCHEMA_VERSION, "label": label,
        "created_at": datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z",
        "currency": currency,
        "period": {"start": req.period.start.isoformat(), "end": req.period.end.isoformat(), "months": decl.months},
        "grouping": req.grouping,
        "privacy": {
            "mechanism": "OpenDP 0.16 Laplace mechanism (pure differential privacy), Polars integration",
            "epsilon": req.epsilon, "delta": 0.0,
            "unit": "one client: all its rows are reduced to one record before release",
            "alpha": req.alpha, "confidence": round(1 - req.alpha, 6), "aggregates": aggregates,
            "interval": "value +- accuracy holds with probability 1 - alpha; ratios combine numerator and "
                        "denominator intervals at alpha/2 each",
        },
        "segments": {
            "keys": list(decl.keys(req.grouping)),
            "definition": "client segment as recorded, lower-case; segments outside the public list count as "
                          f"'{OTHER}'" if req.grouping == "segment" else "all clients together",
        },
        "clipping": decl.describe(),
        "metrics": [{"name": m, "label": METRICS[m].label, "unit": METRICS[m].unit, "scope": METRICS[m].scope,
                     "definition": METRICS[m].doc} for m in req.metrics],
        "values": rounded,
    }


def to_json(pack: dict[str, Any]) -> str:
    return dumps(pack, indent=2) + "\n"


def to_csv(pack: dict[str, Any]) -> str:
    """One row per value, with the parameters needed to read it repeated on each row."""
    units = {m["name"]: m["unit"] for m in pack["metrics"]}
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for v in pack["values"]:
        writer.writerow(escape_row([v[k] for k in ("metric", "segment", "value", "low", "high", "accuracy", "note")]
                        + [units[v["metric"]], pack["privacy"]["epsilon"], pack["privacy"]["alpha"], pack["period"]["start"],
                           pack["period"]["end"], pack["grouping"], pack["schema_version"]]))
    return buf.getvalue()


def write(pack: dict[str, Any], out: str | Path) -> tuple[Path, Path]:
    """Write PACK.json and PACK.csv beside it."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_json(pack), encoding="utf-8")
    csv_path = path.with_suffix(".csv")
    csv_path.write_text(to_csv(pack), encoding="utf-8")
    return path, csv_path


# ---------------------------------------------------------------- validation


def _number(x: Any, where: str, name: str) -> float | None:
    if x is None:
        return None
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(float(x)):
        raise FileRejected(name, f"{where} must be a finite number or null, got {x!r}")
    return float(x)


def validate(data: bytes, name: str = "pack") -> dict[str, Any]:
    """Parse and check a pack strictly (schema, types, ranges); ``FileRejected`` says what is wrong."""
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
    privacy = pack["privacy"]
    eps = _number(privacy.get("epsilon") if isinstance(privacy, dict) else None, "privacy.epsilon", name)
    alpha = _number(privacy.get("alpha") if isinstance(privacy, dict) else None, "privacy.alpha", name)
    if eps is None or not 0 < eps <= 100:
        raise FileRejected(name, f"privacy.epsilon must be in (0, 100], got {eps}")
    if alpha is None or not 0 < alpha < 0.5:
        raise FileRejected(name, f"privacy.alpha must be in (0, 0.5), got {alpha}")
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
    values = pack["values"]
    if not isinstance(values, list) or not values or len(values) > MAX_VALUES:
        raise FileRejected(name, f"values must be a list of 1 to {MAX_VALUES} entries")
    seen = set()
    for i, v in enumerate(values):
        where = f"values[{i}]"
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
    return pack


# ---------------------------------------------------------------- storage


class AlreadyImported(MoatError):
    """The same pack bytes were imported before; nothing was stored twice."""

    exit_code = 0


def import_pack(con: Connection, user: User, data: bytes, name: str = "pack", label: str | None = None) -> int:
    """Validate and store a peer's pack; returns its pack id. The same bytes twice are stored once."""
    require(user, "upload")
    pack = validate(data, name)
    sha = hashlib.sha256(data).hexdigest()
    shown = (label or pack["label"] or Path(name).stem)[:200]

    def write() -> int:  # checked inside: the same pack imported twice at once is stored once
        existing = scalar(con, "SELECT pack_id FROM benchmark_packs WHERE sha256 = ?", [sha])
        if existing is not None:
            raise AlreadyImported(f"{name} was already imported as pack {existing}; nothing was imported twice")
        pack_id = int(scalar(con, "SELECT nextval('benchmark_pack_seq')"))
        con.execute(
            "INSERT INTO benchmark_packs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [pack_id, sha, shown, pack["schema_version"], float(pack["privacy"]["epsilon"]), float(pack["privacy"]["alpha"]),
             pack["period"]["start"], pack["period"]["end"], pack["grouping"], user.name,
             datetime.now(UTC).replace(tzinfo=None), json.dumps(pack)],
        )
        for v in pack["values"]:
            con.execute("INSERT INTO benchmark_values VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [pack_id, v["metric"], v["segment"], v["value"], v["low"], v["high"], v["accuracy"]])
        audit.append(con, user, "benchmark_import", f"benchmark_pack:{pack_id}",
                     {"file": name, "sha256": sha, "values": len(pack["values"]), "epsilon": pack["privacy"]["epsilon"]})
        return pack_id

    return atomic(con, write)


def list_packs(con: Connection) -> pl.DataFrame:
    return frame(con, "SELECT pack_id, label, period_start, period_end, grouping, epsilon, alpha, imported_by, imported_at "
                      "FROM benchmark_packs ORDER BY pack_id")


def peer_values(con: Connection) -> pl.DataFrame:
    return frame(con, """
        SELECT p.pack_id, p.label, p.period_start, p.period_end, p.epsilon, p.alpha, v.metric, v.segment,
               v.value, v.low, v.high, v.accuracy
        FROM benchmark_values v JOIN benchmark_packs p USING (pack_id) ORDER BY v.metric, v.segment, p.pack_id""")


def release_pack(con: Connection, user: User, release_id: int) -> dict[str, Any]:
    """A past release's pack (noisy values only), for downloading again without spending budget."""
    require(user, "share_dp")
    raw = scalar(con, "SELECT CAST(pack AS VARCHAR) FROM dp_releases WHERE release_id = ?", [release_id])
    if raw is None:
        raise MoatError(f"there is no release {release_id}", "see the Share page or `moat privacy budget`")
    return json.loads(raw)


def list_releases(con: Connection, user: User) -> pl.DataFrame:
    require(user, "share_dp")
    return frame(con, """
        SELECT r.release_id, l.created_at, l.user_name, l.epsilon, l.description
        FROM dp_releases r JOIN dp_ledger l USING (release_id) ORDER BY r.release_id DESC""")


# ---------------------------------------------------------------- comparison


def verdict(own: float | None, low: float | None, high: float | None) -> str:
    """How the MSP's exact value stands against a peer's noisy interval, in plain words."""
    if own is None:
        return "no value of yours to compare"
    if low is None or high is None:
        return "peer value too noisy to compare"
    if low <= own <= high:
        return "within noise"
    return "above peer" if own > high else "below peer"


def compare(own: pl.DataFrame, peers: pl.DataFrame) -> pl.DataFrame:
    """Own exact KPIs (metric, segment, value) against every peer value of the same metric and segment."""
    if peers.is_empty():
        return pl.DataFrame()
    joined = peers.join(own.rename({"value": "own"}), on=["metric", "segment"], how="left")
    verdicts = [verdict(r["own"], r["low"], r["high"]) for r in joined.iter_rows(named=True)]
    return joined.with_columns(pl.Series("verdict", verdicts, dtype=pl.Utf8))


# ---------------------------------------------------------------- display


def value_text(unit: str, value: Any) -> str:
    """A released or own value as the pages print it (money via moat.formatting, half-up to cents)."""
    from moat.formatting import value_text as formatted

    return formatted(value, unit if unit in ("money", "percent", "hours") else "number")


def display_rows(pack: dict[str, Any]) -> list[dict[str, str]]:
    """The values of a pack as text rows: metric, segment, value, interval at the stated confidence, note."""
    units = {m["name"]: (m["unit"], m["label"]) for m in pack["metrics"]}
    conf = f"{1 - float(pack['privacy']['alpha']):.0%}"
    out = []
    for v in pack["values"]:
        unit, label = units[v["metric"]]
        interval = ("n/a" if v["low"] is None or v["high"] is None
                    else f"{value_text(unit, v['low'])} to {value_text(unit, v['high'])}")
        out.append({"metric": label, "segment": v["segment"], "noisy value": value_text(unit, v["value"]),
                    f"{conf} interval": interval, "note": v["note"] or ""})
    return out


def sentence(metric: str, segment: str, group: pl.DataFrame) -> str:
    """One plain-language line per metric and segment: how the MSP's exact value compares with every peer."""
    spec = METRICS[metric]
    own = group["own"][0]
    counts = {k: group.filter(pl.col("verdict") == k).height for k in ("within noise", "above peer", "below peer")}
    peers = group.height
    head = f"{spec.label}, {segment}: yours {value_text(spec.unit, own)}"
    if own is None:
        return f"{head} (you have no value for this segment)."
    parts = []
    if counts["within noise"]:
        parts.append(f"within noise of {counts['within noise']} of {peers} peer pack(s), so no real difference can be claimed there")
    if counts["above peer"]:
        parts.append(f"above {counts['above peer']} beyond the noise")
    if counts["below peer"]:
        parts.append(f"below {counts['below peer']} beyond the noise")
    too_noisy = peers - sum(counts.values())
    if too_noisy:
        parts.append(f"{too_noisy} peer value(s) too noisy to compare")
    return f"{head} — " + "; ".join(parts) + "."
