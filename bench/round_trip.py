"""Ask reads its own readings back (h134): each family's first phrasing is asked, then its interpretation and each
alternative are asked back as questions, and the readings compared.

Why: the Ask page can only offer an alternative as a button when asking its words gives that very reading; a reading
that reads back as another measure or period would answer a different question under the words the user clicked.

Per part it reports: interpretations asked back, read back exactly (the same interpretation and the same rows),
confident mismatches (confidence >= 0.70, not provisional, not read back exactly: must be 0), and the same for the
alternatives (an alternative's rows are computed from the candidate reading of the first question, as the engine
computes an answer's), with how many alternatives the engine marked verified (``Answer.alternatives_verified``: the
Ask page's buttons) and how many of those did not read back exactly (must be 0). A mismatch line shows the slots the
two readings differ in.

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


def _check(asked: Any, back: Any, rows: list[list[Any]] | None) -> tuple[bool, bool]:
    """(read back exactly, confident mismatch) of one text asked back: exactly is the same words and the same rows."""
    exact = not back.refused and back.interpretation == asked and back.rows == rows
    confident = (not back.refused) and back.confidence >= REVIEW and not back.provisional
    return exact, confident and not exact


def _slot_diff(a: dict[str, Any] | None, b: dict[str, Any] | None) -> dict[str, Any]:
    """The slots two readings differ in (the period's label aside): what a mismatch line shows."""
    a, b = a or {}, b or {}
    return {k: [a.get(k), b.get(k)] for k in sorted(set(a) | set(b)) if k != "period_label" and a.get(k) != b.get(k)}


def _rows(ranked_answer: Any, run: Any, box: Any, intent: Any, as_of: Any) -> list[list[Any]] | None:
    """The rows a candidate reading gives, computed as the engine computes an answer's (None if it cannot be)."""
    from moat import clock
    from moat.ai.compile.held_span import held_span_checked

    try:
        with clock.asked_on(as_of):
            return held_span_checked(box.connection(), intent, ranked_answer(run, box.connection(), intent)).rows
    except Exception:  # a reading the compiler refuses has no rows to compare
        return None


def measure(part: str, limit: int | None = None, out: Any = None) -> dict[str, Any]:
    """The round-trip figures of one part (see the module docstring)."""
    from bench.eval_families import _setup
    from bench.eval_families.families import load, load_setting
    from moat.ai import engine, safety
    from moat.ai.compile.chosen_by import ranked_answer
    from moat.ai.compile.sql import run
    from moat.snapshots import data_version

    families = [f for f in load(parts=(part,)) if f.answer not in ("refuse", "route")][:limit]
    setting = load_setting(part=part)
    con, cfg, user = _setup(Path(tempfile.mkdtemp()), setting, name=f"round-trip-{part}")
    box = safety.sandbox_for(con, data_version(con))
    parser = engine._parser(box, cfg, con, setting.as_of)
    figures = {"part": part, "asked": 0, "main": 0, "main_exact": 0, "main_confident_mismatch": 0, "alts": 0,
               "alts_verified": 0, "alt_exact": 0, "alt_confident_mismatch": 0, "verified_not_exact": 0}
    for done, family in enumerate(families):
        if done and done % 100 == 0:
            print(f"round_trip {part}: {done}/{len(families)} families, so far {figures}", file=sys.stderr, flush=True)
        question = family.questions[0]
        first = engine.ask(con, user, question, setting.as_of, use_cache=False, config=cfg, model=None)
        figures["asked"] += 1
        if first.refused or not first.interpretation:
            continue
        candidates = {c.interpretation(): c for c in parser.parse(question, setting.as_of).candidates}
        texts = [("main", first.interpretation, first.slots, first.rows)] + [
            ("alt", t, candidates[t].slots(), _rows(ranked_answer, run, box, candidates[t], setting.as_of))
            for t in first.alternatives if t in candidates]
        for kind, text, slots, rows in texts:
            back = engine.ask(con, user, text, setting.as_of, use_cache=False, config=cfg, model=None)
            exact, confident_wrong = _check(text, back, rows)
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
                        "provisional": back.provisional, "confident_mismatch": confident_wrong, "verified": verified,
                        "slots": _slot_diff(slots, back.slots), "same_rows": back.rows == rows}
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
