"""Run every ``bench/bench_*.py`` module (each in its own process) and write report.md / report.json.

``python -m bench [--quick] [--out bench/results] [--only core,ingest] [--timeout 3600]``. A module that fails,
crashes or overruns is reported as such and the run goes on; the exit code is 1 when any module failed.
``--only`` keeps the other modules' figures from the report already in ``--out``; each section says when it ran.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent


def discover() -> list[str]:
    return sorted(p.stem for p in BENCH.glob("bench_*.py"))


def run_one(module: str, out_json: Path, quick: bool) -> None:
    """Child process: import the module, call measure(tmpdir), write its result (or the failure) as JSON."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"moat-{module}-") as tmp:
        try:
            mod = importlib.import_module(f"bench.{module}")
            params = inspect.signature(mod.measure).parameters
            result = mod.measure(Path(tmp), quick=quick) if "quick" in params else mod.measure(Path(tmp))
            payload = {"status": "ok", "result": result}
        except BaseException as err:  # reported, never fatal to the whole run
            payload = {"status": "failed", "error": f"{type(err).__name__}: {err}", "traceback": traceback.format_exc()[-4000:]}
    payload["seconds"] = time.perf_counter() - started
    out_json.write_text(json.dumps(payload, default=str), encoding="utf-8")


def run_all(modules: list[str], quick: bool, timeout: float) -> dict[str, Any]:
    results: dict[str, Any] = {}
    env = dict(os.environ, BENCH_QUICK="1" if quick else "0", PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    for module in modules:
        print(f"bench: {module} ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix="moat-bench-") as tmp:
            out_json = Path(tmp) / "result.json"
            cmd = [sys.executable, "-m", "bench", "--_one", module, "--_json", str(out_json)] + (["--quick"] if quick else [])
            started = time.perf_counter()
            try:
                proc = subprocess.run(cmd, cwd=ROOT, env=env, timeout=timeout, capture_output=True, text=True)
                if out_json.exists():
                    results[module] = json.loads(out_json.read_text(encoding="utf-8"))
                else:
                    results[module] = {"status": "failed", "error": f"the process exited with code {proc.returncode} without a result",
                                       "traceback": (proc.stderr or "")[-4000:]}
            except subprocess.TimeoutExpired:
                results[module] = {"status": "failed", "error": f"did not finish within {timeout:.0f} s"}
            results[module].setdefault("seconds", time.perf_counter() - started)
        status = results[module]["status"]
        print(f"bench: {module} {status} in {results[module]['seconds']:.1f} s", file=sys.stderr, flush=True)
    return results


# ---------------------------------------------------------------- report rendering


def fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value == 0:
            return "0"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        return f"{value:.3g}"
    if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        return ", ".join(fmt(v) for v in value) or "-"
    if isinstance(value, (dict, list)):
        return json.dumps(value, default=str)[:120]
    return str(value).replace("|", "\\|").replace("\n", " ")


def targets(value: Any, path: list[str]) -> list[dict[str, Any]]:
    """Every dict with a ``target`` key, found anywhere in a module's result."""
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        if "target" in value:
            found.append({**value, "_path": "/".join(path)})
        for key, inner in value.items():
            if isinstance(inner, (dict, list)):
                found.extend(targets(inner, path + [str(key)]))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            label = inner.get("name", str(index)) if isinstance(inner, dict) else str(index)
            found.extend(targets(inner, path + [str(label)]))
    return found


def table(rows: list[dict[str, Any]]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(fmt(row.get(c)) for c in columns) + " |" for row in rows]
    return lines


def flat(value: Any) -> bool:
    """A scalar, or a list of scalars: fits in one table cell."""
    if isinstance(value, list):
        return all(not isinstance(v, (dict, list)) for v in value)
    return not isinstance(value, dict)


def render_value(key: str, value: Any, depth: int) -> list[str]:
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [f"**{key}**", ""] + table(value) + [""]
    if isinstance(value, dict):
        scalars = {k: v for k, v in value.items() if flat(v)}
        flat_dicts = {k: v for k, v in value.items() if isinstance(v, dict) and v and all(flat(x) for x in v.values())}
        others = {k: v for k, v in value.items() if k not in scalars and k not in flat_dicts}
        lines = [f"{'#' * min(6, depth + 3)} {key}", ""]
        if scalars:
            lines += table([{"key": k, "value": v} for k, v in scalars.items()]) + [""]
        if flat_dicts:
            lines += table([{"": k, **v} for k, v in flat_dicts.items()]) + [""]
        for inner_key, inner in others.items():
            lines += render_value(inner_key, inner, depth + 1)
        return lines
    if isinstance(value, list):
        return [f"**{key}**", ""] + [f"- {fmt(v)}" for v in value] + [""]
    return [f"- {key}: {fmt(value)}", ""]


def render(report: dict[str, Any]) -> str:
    lines = ["# MoatMetrics benchmark report", ""]
    meta = report["meta"]
    lines.append(f"Run {meta['started']} on {meta['machine']} ({meta['cpus']} CPUs), Python {meta['python']}, "
                 f"{'quick' if meta['quick'] else 'full'} mode, {meta['seconds']:.0f} s in all. Ratios compare each figure "
                 "with a baseline measured in the same run on the same machine.")
    lines.append("")
    all_targets = []
    for module, outcome in report["modules"].items():
        if outcome["status"] == "ok":
            all_targets += [{"module": module, **t} for t in targets(outcome["result"], [])]
    lines += ["## Targets", ""]
    if all_targets:
        rows = [{"module": t["module"], "figure": t.get("name") or t["_path"], "value": t.get("value"), "unit": t.get("unit"),
                 "baseline": t.get("baseline"), "ratio": t.get("ratio"), "target": t.get("target"),
                 "met": {True: "met", False: "NOT MET", None: "unknown"}.get(t.get("met"), str(t.get("met")))} for t in all_targets]
        lines += table(rows) + [""]
    else:
        lines += ["(no target figures reported)", ""]
    failed = {m: o for m, o in report["modules"].items() if o["status"] != "ok"}
    missed = [t for t in all_targets if t.get("met") is not True]
    lines += ["## Notes: targets not met, and failed modules", ""]
    for t in missed:
        state = "not met" if t.get("met") is False else "not judged"
        lines.append(f"- {t['module']} / {t.get('name') or t['_path']}: {state} ({fmt(t.get('value'))} {t.get('unit') or ''} vs "
                     f"target {t.get('target')}). {t.get('note') or 'No reason given by the module.'}")
    for module, outcome in failed.items():
        lines.append(f"- module {module} FAILED: {outcome.get('error')}")
    if not missed and not failed:
        lines.append("- every target is met and every module ran.")
    lines.append("")
    for module, outcome in report["modules"].items():
        result = outcome.get("result") if outcome["status"] == "ok" else None
        title = result.get("title") if isinstance(result, dict) and result.get("title") else module
        when = f", run {outcome['started']}" if outcome.get("started") and outcome["started"] != meta["started"] else ""
        lines += [f"## {title} (`bench/{module}.py`, {outcome['seconds']:.1f} s{when})", ""]
        if result is None:
            lines += [f"FAILED: {outcome.get('error')}", "", "```", (outcome.get("traceback") or "").strip()[-2000:], "```", ""]
            continue
        if not isinstance(result, dict):
            lines += [fmt(result), ""]
            continue
        for note in result.get("notes", []) or []:
            lines.append(f"> {note}")
        if result.get("notes"):
            lines.append("")
        for key, value in result.items():
            if key in ("title", "notes"):
                continue
            lines += render_value(key, value, 0)
        lines.append("")
    return "\n".join(lines)


def merge_earlier(path: Path, results: dict[str, Any]) -> dict[str, Any]:
    """``--only`` reruns some modules: keep the other modules' figures from the report already there (each
    section says when it ran), so one slow module can be rerun without losing the rest of the report."""
    try:
        earlier = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return results
    merged: dict[str, Any] = {}
    for module, outcome in earlier.get("modules", {}).items():
        merged[module] = results.get(module) or {"started": earlier.get("meta", {}).get("started"), **outcome}
    merged.update({m: o for m, o in results.items() if m not in merged})
    return merged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (every figure is still measured)")
    parser.add_argument("--out", default=str(BENCH / "results"), help="folder for report.md and report.json")
    parser.add_argument("--only", default="", help="comma-separated module names, e.g. core,ingest")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds one module may run")
    parser.add_argument("--_one", help=argparse.SUPPRESS)
    parser.add_argument("--_json", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._one:
        run_one(args._one, Path(args._json), args.quick)
        return 0
    modules = discover()
    if args.only:
        wanted = {m if m.startswith("bench_") else f"bench_{m}" for m in args.only.split(",") if m}
        unknown = wanted - set(modules)
        if unknown:
            print(f"error: no such bench module: {', '.join(sorted(unknown))}; have {', '.join(modules)}", file=sys.stderr)
            return 2
        modules = [m for m in modules if m in wanted]
    started = time.perf_counter()
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    results = run_all(modules, args.quick, args.timeout)
    for outcome in results.values():
        outcome["started"] = stamp
    out = Path(args.out)
    merged = merge_earlier(out / "report.json", results) if args.only else results
    report = {
        "meta": {"started": stamp, "machine": f"{platform.system()} {platform.machine()}", "cpus": os.cpu_count(),
                 "python": platform.python_version(), "quick": args.quick, "seconds": time.perf_counter() - started,
                 "modules": list(merged)},
        "modules": merged,
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    (out / "report.md").write_text(render(report), encoding="utf-8")
    print(f"bench: wrote {out / 'report.md'} and {out / 'report.json'}", file=sys.stderr)
    return 1 if any(o["status"] != "ok" for o in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
