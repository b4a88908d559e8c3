"""Ask reads its own readings back (h134): each family's first phrasing is asked, then its interpretation and each
alternative are asked back as questions, and the readings compared.

Why: the Ask page can only offer an alternative as a button when asking its words gives that very reading; a reading
that reads back as another measure or period would answer a different question under the words the user clicked.

Per part it reports: interpretations asked back, read back exactly (the same interpretation, the same slots apart
from the period's label, the same rows), confident mismatches (confidence >= 0.70, not provisional, a different
reading: must be 0), and the same for the alternatives (whose rows are those of the same slots: the candidate reading
of the first question, as the parser built it), with how many alternatives the engine marked verified.

    python -m bench.round_trip [--part dev] [--part heldout20] [--limit N] [--out FILE.jsonl]

Each mismatch is written to ``--out`` (default: none) as one JSON line; a held-out part's lines omit its questions.
The run asks about three questions per family uncached (the dev part: ~10-20 minutes on a loaded 2-core machine), so
it is its own command, not part of ``make bench``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

REVIEW = 0.70


def _same_slots(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    """The same reading: every slot equal except the period's label (words only; no figure depends on it)."""
    if a is None or b is None:
        return False
    return {k: v for k, v in a.items() if k != "period_label"} == {k: v for k, v in b.items() if k != "period_label"}


def _check(asked: Any, back: Any, slots: dict[str, Any] | None, rows: list[list[Any]] | None) -> tuple[bool, bool]:
    """(read back exactly, confident mismatch) of one text asked back."""
    exact = (not back.refused and back.interpretation == asked and _same_slots(back.slots, slots)
             and (rows is None or back.rows == rows))
    confident = (not back.refused) and back.confidence >= REVIEW and not back.provisional
    return exact, confident and not exact


def measure(part: str, limit: int | None = None, out: Any = None) -> dict[str, Any]:
    """The round-trip figures of one part (see the module docstring)."""
    from bench.eval_families import _setup
    from bench.eval_families.families import load, load_setting
    from moat.ai import engine, safety
    from moat.snapshots import data_version

    families = [f for f in load(parts=(part,)) if f.answer not in ("refuse", "route")][:limit]
    setting = load_setting(part=part)
    con, cfg, user = _setup(Path(tempfile.mkdtemp()), setting, name=f"round-trip-{part}")
    parser = engine._parser(safety.sandbox_for(con, data_version(con)), cfg, con, setting.as_of)
    figures = {"part": part, "asked": 0, "main": 0, "main_exact": 0, "main_confident_mismatch": 0, "alts": 0,
               "alts_verified": 0, "alt_exact": 0, "alt_confident_mismatch": 0, "verified_not_exact": 0}
    for family in families:
        question = family.questions[0]
        first = engine.ask(con, user, question, setting.as_of, use_cache=False, config=cfg, model=None)
        figures["asked"] += 1
        if first.refused or not first.interpretation:
            continue
        candidates = {c.interpretation(): c for c in parser.parse(question, setting.as_of).candidates}
        texts = [("main", first.interpretation, first.slots, first.rows)] + [
            ("alt", t, candidates[t].slots() if t in candidates else None, None) for t in first.alternatives]
        for kind, text, slots, rows in texts:
            back = engine.ask(con, user, text, setting.as_of, use_cache=False, config=cfg, model=None)
            exact, confident_wrong = _check(text, back, slots, rows)
            verified = kind == "alt" and text in first.alternatives_verified
            prefix = "main" if kind == "main" else "alt"
            figures["main" if kind == "main" else "alts"] += 1
            figures[f"{prefix}_exact"] += exact
            figures[f"{prefix}_confident_mismatch"] += confident_wrong
            figures["alts_verified"] += verified
            figures["verified_not_exact"] += verified and not exact
            if not exact and out is not None:
                line = {"part": part, "family": family.id, "kind": kind, "asked": text,
                        "got": None if back.refused else back.interpretation, "confidence": back.confidence,
                        "provisional": back.provisional, "confident_mismatch": confident_wrong, "verified": verified}
                if part == "dev":
                    line["question"] = question
                out.write(json.dumps(line) + "\n")
                out.flush()
    con.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--part", action="append", help="dev (default), heldout20, ...")
    args.add_argument("--limit", type=int, default=None, help="only the first N answerable families of each part")
    args.add_argument("--out", type=Path, default=None, help="write each mismatch here (JSON lines)")
    ns = args.parse_args(argv)
    out = ns.out.open("w") if ns.out else None
    bad = 0
    try:
        print("part | families | interpretations | read back exactly | confident mismatches | alternatives | verified "
              "| read back exactly | confident mismatches | verified not exact")
        for part in ns.part or ["dev"]:
            f = measure(part, ns.limit, out)
            print(f"{f['part']} | {f['asked']} | {f['main']} | {f['main_exact']} | {f['main_confident_mismatch']} | "
                  f"{f['alts']} | {f['alts_verified']} | {f['alt_exact']} | {f['alt_confident_mismatch']} | "
                  f"{f['verified_not_exact']}", flush=True)
            bad += f["main_confident_mismatch"] + f["alt_confident_mismatch"] + f["verified_not_exact"]
    finally:
        if out is not None:
            out.close()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
