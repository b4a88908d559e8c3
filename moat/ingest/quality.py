"""The quality score of a file: 0-100 from completeness, validity, uniqueness and the name-match rate.

Kept apart from the pipeline so the weights are read in one place. Rows a source rolled up (further lines of a
document, users counted into a product) are not rows here, so repeated document columns are never duplicates.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.ingest.headings import exact_col

WEIGHTS = {"completeness": 0.25, "validity": 0.35, "uniqueness": 0.15, "name_match": 0.25}


def score(work: pl.DataFrame, source: dict[str, str], fields: list[str], *, n: int, value_err: int, name_err: int,
          name_total: int, dup: int) -> dict[str, Any]:
    """Completeness (filled mapped cells), validity (rows without value errors), uniqueness, name matches."""
    if n == 0:
        return {"score": 0.0, "completeness": None, "validity": None, "uniqueness": None, "name_match": None, "rows": 0}
    cols = [c for t, c in source.items() if t in fields and not c.startswith("__const_")]
    filled = [(exact_col(c).str.len_bytes().fill_null(0) > 0).mean() for c in cols]
    completeness = work.select(pl.mean_horizontal(filled)).item() if cols else 1.0
    validity = 1 - value_err / n
    considered = max(n - value_err, 1)
    uniqueness = 1 - dup / considered
    name_match = 1 - name_err / name_total if name_total else 1.0
    parts = {"completeness": completeness, "validity": validity, "uniqueness": uniqueness, "name_match": name_match}
    total = 100 * sum(WEIGHTS[k] * v for k, v in parts.items())
    return {"score": round(total, 1), **{k: round(v, 4) for k, v in parts.items()}, "rows": n}
