"""Count a hunt's (h114, h121) asked / confident / flagged / refused answers and write a compact table of every answer.

Why: the review reports how many questions were asked and how many were answered with confidence (>= 0.70,
not provisional, not refused); the raw JSON lines carry the SQL too, so this keeps one line per answer to commit.
Usage: python bench/hunt_h114/tally.py /tmp/h114/q*.jsonl > bench/hunt_h114/answers.tsv
"""
from __future__ import annotations

import json
import sys


def flag(a: dict) -> str:
    """The outcome class of one answer, as the review counts it."""
    if a.get("refused"):
        return "refused"
    if a.get("provisional") or (a.get("confidence") or 0) < 0.70:
        return "flagged"
    return "confident"


def main() -> None:
    """Print the table on stdout and the counts on stderr."""
    counts: dict[str, int] = {}
    seen = 0
    print("question\toutcome\tconfidence\treading\trows (first 3)")
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                a = json.loads(line)
                seen += 1
                f = flag(a)
                counts[f] = counts.get(f, 0) + 1
                rows = json.dumps((a.get("rows") or [])[:3])
                reading = a.get("interpretation") or (a.get("narrative") or "")[:120]
                print(f"{a['question']}\t{f}\t{a.get('confidence') or 0:.2f}\t{reading}\t{rows}")
    print(f"asked {seen}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
