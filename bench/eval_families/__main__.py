"""`python -m bench.eval_families [--no-model] [--dev|--heldout] [--json]`: the table, then every
confidently-wrong and wrongly-refused question."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

COLUMNS = ("model", "part", "questions", "answerable", "exact", "partial", "confidently_wrong", "wrongly_refused",
           "refusals", "correctly_refused", "exact_share", "wrongly_refused_share", "ms_p50", "ms_p95")


def table(result: dict) -> str:
    lines = [" | ".join(COLUMNS), " | ".join("---" for _ in COLUMNS)]
    for row in result["table"]:
        lines.append(" | ".join(str(row[c]) for c in COLUMNS))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    from bench.eval_families import measure

    parts = ("dev",) if "--dev" in argv else ("heldout",) if "--heldout" in argv else ("dev", "heldout")
    with tempfile.TemporaryDirectory(prefix="moat-eval-families-") as tmp:
        result = measure(Path(tmp), model="--no-model" not in argv, parts=parts)
    if "--json" in argv:
        print(json.dumps(result, indent=2, default=str))
        return 0
    s = result["setting"]
    f = result["families"]
    print(f"demo {s['demo']} as of {s['as_of']}; review_confidence {s['review_confidence']}")
    print(f"{f['families']} families ({f['heldout_families']} held out), {f['questions']} questions "
          f"({f['refusals']} to refuse)\n")
    print(table(result))
    for kind in ("confidently_wrong", "wrongly_refused"):
        rows = [p for p in result["problems"] if p["outcome"] == kind]
        print(f"\n{kind.replace('_', ' ')} ({len(rows)}):")
        for p in rows:
            print(f"- [{p['model']}, {p['part']}, {p['family']}] {p['question']!r} (confidence {p['confidence']}) "
                  f"-> {p['interpretation']!r} got {p['got']} want {p['want']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
