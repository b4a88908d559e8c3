"""`python -m bench.eval_families [--no-model] [--dev|--heldout|--heldout2|--heldout3|--heldout4|--heldout5|--heldout6
|--heldout7|--heldout8|--heldout9|--heldout10|--heldout11|--heldout12|--heldout13|--heldout14|--heldout15|--heldout16|--heldout17|--heldout18|--heldout19|--heldout20|--heldout21|--heldout22|--part NAME] [--only TEXT] [--all] [--json]`: the table, then every confidently-wrong and wrongly-refused
question. ``--part NAME`` (repeatable) scores the named parts (folders of this package: dev, heldout, heldout2 .. heldout22); ``--only``
keeps the families whose id contains TEXT; ``--all`` lists the partial (flagged but not exact) questions too.
heldout3 .. heldout22 are each asked on their own demo (``<part>/setting.yaml``)."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

COLUMNS = ("model", "part", "questions", "answerable", "exact", "partial", "confidently_wrong", "wrongly_refused",
           "refusals", "correctly_refused", "exact_provisional", "exact_share", "wrongly_refused_share", "ms_p50", "ms_p95")


def table(result: dict) -> str:
    lines = [" | ".join(COLUMNS), " | ".join("---" for _ in COLUMNS)]
    for row in result["table"]:
        lines.append(" | ".join(str(row[c]) for c in COLUMNS))
    return "\n".join(lines)


def parts_of(argv: list[str]) -> tuple[str, ...]:
    """The parts the flags name, in PARTS order; all of them when none is named. Raises on an unknown part."""
    from bench.eval_families.families import PARTS

    named = [p for p in PARTS if f"--{p}" in argv]
    named += [argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--part"]
    if "--part" in argv[-1:]:
        raise SystemExit("--part needs a part name: " + ", ".join(PARTS))
    unknown = [p for p in named if p not in PARTS]
    if unknown:
        raise SystemExit(f"unknown part {unknown[0]!r}; the parts are " + ", ".join(PARTS))
    return tuple(p for p in PARTS if p in named) or PARTS


def main(argv: list[str]) -> int:
    from bench.eval_families import measure

    parts = parts_of(argv)
    with tempfile.TemporaryDirectory(prefix="moat-eval-families-") as tmp:
        only = argv[argv.index("--only") + 1] if "--only" in argv[:-1] else None
        result = measure(Path(tmp), model="--no-model" not in argv, parts=parts, only=only)
    if "--json" in argv:
        print(json.dumps(result, indent=2, default=str))
        return 0
    f = result["families"]
    held = sum(v["families"] for k, v in f["parts"].items() if k != "dev")
    demos: dict[str, list[str]] = {}
    for part, s in result["settings"].items():
        demos.setdefault(f"demo {s['demo']} as of {s['as_of']}", []).append(part)
    for line, named in demos.items():
        print(f"{', '.join(named)}: {line}")
    print(f"review_confidence {result['setting']['review_confidence']}")
    print(f"{f['families']} families ({held} held out), {f['questions']} questions "
          f"({f['refusals']} to refuse)\n")
    print(table(result))
    kinds = ("confidently_wrong", "wrongly_refused", "partial") if "--all" in argv else (
        "confidently_wrong", "wrongly_refused")
    for kind in kinds:
        rows = [p for p in result["problems"] + result["partial"] if p["outcome"] == kind]
        print(f"\n{kind.replace('_', ' ')} ({len(rows)}):")
        for p in rows:
            print(f"- [{p['model']}, {p['part']}, {p['family']}] {p['question']!r} (confidence {p['confidence']}) "
                  f"-> {p['interpretation']!r} got {p['got']} want {p['want']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
