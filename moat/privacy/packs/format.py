"""The benchmark pack file: what a release becomes, as JSON and as CSV.

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
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from moat.cells import escape_row
from moat.formatting import dumps, money
from moat.privacy.bounds import METRICS, OTHER, Declared

SCHEMA = "moat.benchmark_pack"
SCHEMA_VERSION = 1
TOP_KEYS = {"schema", "schema_version", "label", "created_at", "currency", "period", "grouping", "privacy", "segments",
            "clipping", "metrics", "values"}
VALUE_KEYS = {"metric", "segment", "value", "low", "high", "accuracy", "note"}
CSV_COLUMNS = ["metric", "segment", "value", "low", "high", "accuracy", "note", "unit", "epsilon", "alpha",
               "period_start", "period_end", "grouping", "schema_version"]


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
