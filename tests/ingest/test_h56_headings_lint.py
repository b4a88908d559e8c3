"""h56: the one way ingest reads a column named by a file heading (``moat.ingest.headings``), and the rule that keeps it
the one way: ``pl.col`` in ``moat/ingest`` takes only fixed names (``pl.col("*")`` is every column, ``pl.col("^a$")``
a regular expression, so ``pl.col(heading)`` reads the wrong column or crashes)."""

from __future__ import annotations

import ast
from pathlib import Path

import polars as pl

from moat.ingest.headings import exact_col, is_pattern, series

ROOT = Path(__file__).resolve().parents[2]


def test_exact_col_reads_exactly_the_named_column_whatever_it_holds() -> None:
    names = ["*", "^.*$", "^Client$", "Client", "^amount.*$", "amount", "$", "^", "^$", "a|b", "^ \n x$",
             "^" + "".join(chr(c) for c in range(33, 127)) + "$", "^é\\d$"]
    frame = pl.DataFrame({n: [str(i)] for i, n in enumerate(names)})
    for i, n in enumerate(names):
        assert frame.select(exact_col(n).alias("v"))["v"].to_list() == [str(i)], n
        assert frame.filter(exact_col(n) == str(i)).height == 1, n
        assert series(frame, n).str.strip_chars().to_list() == [str(i)], n


FIXED = {"ROW", "REJECT", "IDX", "INTERNAL", "EXTRA", "RAW", "SPLIT", "UNDECODED"}  # our own column names


def _fixed(arg: ast.expr) -> bool:
    """A literal, one of our column-name constants, or an f-string of our own '__' prefix: never a file's heading."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return not is_pattern(arg.value)
    if isinstance(arg, ast.Name | ast.Attribute):
        return (arg.id if isinstance(arg, ast.Name) else arg.attr) in FIXED
    if isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
        return str(arg.values[0].value).startswith("__")
    return False


def test_pl_col_in_ingest_takes_only_fixed_names() -> None:
    bad = []
    for path in sorted((ROOT / "moat" / "ingest").rglob("*.py")):
        if path.name == "headings.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "col"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "pl"
                    and not all(_fixed(a) for a in node.args)):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert not bad, "use moat.ingest.headings.exact_col for a name that can be a heading:\n" + "\n".join(bad)


def test_the_lint_catches_a_variable_name() -> None:
    call = ast.parse("pl.col(heading)").body[0].value
    assert not _fixed(call.args[0]) and _fixed(ast.parse("pl.col(ROW)").body[0].value.args[0])
    assert not _fixed(ast.parse("pl.col('*')").body[0].value.args[0])


CANONICAL = {"core", "extra", "tech"}  # our own field names (reexport, same_entries) or expressions (key_clashes)


def test_column_lists_spread_into_polars_calls_are_our_own_names() -> None:
    """``frame.select(ROW, *cells)`` with ``cells`` taken from a file's header reads ``*`` as every column (h69 D29's
    second_headers and part_month's quarantine did): spread a list of ``exact_col`` instead."""
    bad = []
    for path in sorted((ROOT / "moat" / "ingest").rglob("*.py")):
        if path.name == "headings.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
                    "select", "drop", "group_by", "sort", "unique", "with_columns", "filter", "pivot", "unpivot"):
                for arg in node.args:
                    if isinstance(arg, ast.Starred) and isinstance(arg.value, ast.Name | ast.Attribute | ast.Subscript) \
                            and ast.unparse(arg.value) not in CANONICAL:
                        bad.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:120]}")
    assert not bad, "spread [exact_col(c) for c in ...] for names that can be headings:\n" + "\n".join(bad)
