"""The one way ingest reads a column whose name came from a file's heading.

Polars reads some names as patterns: ``pl.col("*")`` is every column and ``pl.col("^Client$")`` is a regular
expression (it reads the column ``Client``, or none at all), so ``pl.col(heading)`` on a heading a user typed reads
the wrong column or crashes. A Series named like that is no safer: most Series methods run as
``pl.col(series.name)`` inside polars. ``exact_col`` is an expression for exactly the named column, whatever the
name holds; ``series`` is the column's values under a plain name. ``tests/ingest/test_h56_headings.py`` fails when
``pl.col`` is called in ``moat/ingest`` with anything but a fixed name.
"""

from __future__ import annotations

import polars as pl

# the characters the regex crate (polars' column patterns) gives a meaning; each is escaped with a backslash
_META = frozenset("\\.+*?()|[]{}^$#&-~")
SERIES_NAME = "__value"


def is_pattern(name: str) -> bool:
    """True for the names ``pl.col`` would expand (every column, or a regular expression) rather than look up."""
    return name == "*" or (len(name) > 1 and name.startswith("^") and name.endswith("$"))


def exact_col(name: str) -> pl.Expr:
    """``pl.col`` of exactly the column named ``name`` (a heading from a file, or our own name).

    A plain name is ``pl.col(name)``; a name polars would expand becomes the anchored, escaped regular expression
    that matches that one name only, so the result is still one column, named as the file named it. Why not a
    Series: expressions keep working inside ``with_columns``/``filter``/``group_by`` on the frame at hand."""
    if not is_pattern(name):
        return pl.col(name)
    return pl.col("^" + "".join("\\" + ch if ch in _META else ch for ch in name) + "$")


def series(frame: pl.DataFrame, name: str) -> pl.Series:
    """The values of the column named ``name``, renamed ``__value`` so that Series methods (which polars runs as
    ``pl.col(series.name)``) read them whatever the heading was."""
    return frame.get_column(name).alias(SERIES_NAME)
