"""`moat ask "QUESTION"` and `moat ask --batch FILE`: plain-English questions answered from the current data.

JSON (one object; JSON lines for --batch): question, interpretation, intent, slots, sql, columns, rows,
narrative, confidence, cached, model (+ provisional, refused, suggestions, chart, confidence_parts, reasons), and
``ignored`` (words of the question the reading did not use: non-empty = a partial, provisional answer),
``alternatives`` (other complete readings, closest first), ``route`` ("explain" / "insights" / null) and
``assumptions`` (h110: the slots the reading supplied, each ``{slot, supplied, why, risky}``; a risky one makes the
answer provisional).
A list answer has the entity name as the first column of ``rows``; a one-number answer is ``rows == [[value]]``;
two periods give ``before``, ``after``, ``change`` columns.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from moat.cli.context import acting_user, config_from_args, open_db
from moat.cli.output import table
from moat.errors import FileRejected, MoatError
from moat.formatting import dumps


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("ask", parents=parents, help="answer a question in plain English from the current data")
    p.add_argument("question", nargs="?", help='e.g. "which 5 clients had the lowest margin last quarter?"')
    p.add_argument("--batch", metavar="FILE", help="answer one question per line of FILE, as JSON lines")
    p.add_argument("--as-of", dest="as_of", type=date.fromisoformat, default=None,
                   help="date that 'last quarter', 'this year'... refer to (YYYY-MM-DD; default today)")
    p.add_argument("--format", choices=("json", "table"), default="table", help="output format (default table)")
    p.add_argument("--no-cache", dest="no_cache", action="store_true", help="compute again even if a cached answer exists")
    p.add_argument("--workers", type=int, default=2, help="questions answered at once in --batch (default 2)")
    p.set_defaults(func=run)


def _print_table(answer: dict) -> None:
    out = sys.stdout
    out.write(f"Q: {answer['question']}\n")
    if answer["refused"]:
        out.write(answer["narrative"] + "\n")
        if answer["suggestions"]:
            out.write("Try for example:\n" + "".join(f"  - {s}\n" for s in answer["suggestions"]))
        return
    out.write(f"I read this as: {answer['interpretation']}\n\n")
    if answer.get("ignored"):
        out.write(f"Not used: {', '.join(answer['ignored'])} (partial reading)\n")
        for alt in answer.get("alternatives") or []:
            out.write(f"  or did you mean: {alt}\n")
    cols = answer["columns"]
    recs = [dict(zip(cols, row, strict=True)) for row in answer["rows"]]
    out.write(table(recs, cols) + "\n\n")
    out.write(answer["narrative"] + "\n")
    flag = " (provisional: send it for approval before relying on it)" if answer["provisional"] else ""
    out.write(f"confidence {answer['confidence']:.2f}{flag}; {'cached' if answer['cached'] else 'computed'}; "
              f"model: {answer['model']}\n")


def run(args: argparse.Namespace) -> int:
    from moat.ai.engine import ask, ask_batch

    if bool(args.question) == bool(args.batch):
        print('error: give either a QUESTION or --batch FILE (e.g. moat ask "revenue last quarter")', file=sys.stderr)
        return 2
    cfg = config_from_args(args)
    con = open_db(args, must_exist=True)
    user = acting_user(args, con)
    if args.batch:
        path = Path(args.batch)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as err:
            raise FileRejected(str(path), f"cannot read: {err}", "give a UTF-8 text file with one question per line") from err
        said: list[float] = []

        def waiting(seconds: float) -> None:  # say once why a long batch is slow, and how to speed it up
            if not said:
                print(f"moat ask --batch: {cfg.ask_rate_per_minute} questions per minute (setting ask_rate_per_minute); "
                      f"waiting {seconds:.0f} s between questions. Raise it in moat.yaml (or MOAT_ASK_RATE_PER_MINUTE) "
                      "for long batches.", file=sys.stderr)
            said.append(seconds)

        for answer in ask_batch(con, user, lines, args.as_of, not args.no_cache, workers=args.workers, config=cfg,
                                on_wait=waiting):
            sys.stdout.write(dumps(answer) + "\n")
            sys.stdout.flush()
        return 0
    try:
        answer = ask(con, user, args.question, args.as_of, not args.no_cache, config=cfg).to_dict()
    except MoatError:
        raise
    if args.format == "json":
        sys.stdout.write(dumps(answer) + "\n")
    else:
        _print_table(answer)
    return 0
