"""Ask a batch of questions through the CLI (`moat ask --batch`) and print a compact line per answer.

Why: the outside hunts (h114, h121) probe Ask as a user would, through the same CLI path; this only
summarises the JSON lines (reading, rows, confidence, flags) so the confident answers can be checked by hand.
Usage: python bench/hunt_h114/run.py QUESTIONS.txt [OUT.jsonl]
(h114: its defaults; h121: H114_DB=/tmp/h121.duckdb H114_AS_OF=2027-08-09, the demo `--seed 1213 --end 2027-07-31`)
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

DB = os.environ.get("H114_DB", "/tmp/h114/demo.duckdb")
AS_OF = os.environ.get("H114_AS_OF", "2025-04-07")


def main() -> None:
    """Run the batch, save the raw JSON lines, print one summary per question."""
    qfile = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else qfile.rsplit(".", 1)[0] + ".jsonl"
    env = dict(os.environ, MOAT_ASK_RATE_PER_MINUTE="100000")
    proc = subprocess.run(
        [sys.executable, "-m", "moat", "--db", DB, "ask", "--batch", qfile, "--as-of", AS_OF, "--no-cache"],
        capture_output=True, text=True, env=env, check=False)
    with open(out, "w", encoding="utf-8") as fh:
        fh.write(proc.stdout)
    if proc.returncode:
        print(proc.stderr[-2000:])
    for line in proc.stdout.splitlines():
        a = json.loads(line)
        conf = a.get("confidence") or 0
        flag = "REFUSED" if a.get("refused") else ("PROV" if a.get("provisional") else (
            "CONF" if conf >= 0.70 else "low"))
        rows = a.get("rows") or []
        shown = rows if len(rows) <= 6 else rows[:6] + [f"... {len(rows)} rows"]
        print(f"[{flag} {conf:.2f}] {a['question']}\n    -> {a.get('interpretation')}\n    cols={a.get('columns')} rows={shown}"
              + (f"\n    ignored={a.get('ignored')}" if a.get("ignored") else "")
              + (f"\n    assumed={[(x['slot'], x['supplied'], x['risky']) for x in a.get('assumptions') or []]}"
                 if a.get("assumptions") else "")
              + (f"\n    alt={(a.get('alternatives') or [])[:2]}" if a.get("alternatives") else "")
              + (f"\n    narrative={(a.get('narrative') or '')[:300]}" if a.get("refused") else ""))


if __name__ == "__main__":
    main()
