"""What page tests read off an AppTest: tiles, texts, the tables offered for download, refusals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from moat import db

# Drawn by moat.ui.downloads in place of the buttons when the role or the export policy refuses a download: each of
# moat.access.export_refusal_text's messages says whom to ask, and none other ends so.
NOT_ALLOWED = "for this file."
# Drawn by moat.ui.auth.require_page for a role the page is not for.
NO_ACCESS = "do not have access to this page"


def tiles(at: AppTest) -> dict[str, tuple[str, str]]:
    """The KPI tiles: label -> (value, delta) as drawn."""
    return {m.label: (m.value, m.delta) for m in at.metric}


def texts(at: AppTest) -> str:
    """Every message and paragraph the page drew, one per line."""
    return "\n".join([m.value for m in at.markdown] + [i.value for i in at.info] + [e.value for e in at.error]
                     + [c.value for c in at.caption] + [s.value for s in at.success] + [w.value for w in at.warning])


def downloads(at: AppTest) -> set[str]:
    """The tables a page offers for download: the button keys without their ``_csv``/``_xlsx`` ending.

    Each table must offer both formats, so an Excel button without its CSV twin fails here.
    """
    keys = {b.key for b in at.download_button}
    stems = {k.removesuffix("_xlsx") for k in keys if k.endswith("_xlsx")}  # only table downloads offer Excel
    for stem in stems:
        assert f"{stem}_csv" in keys, stem
    return stems


def refused(at: AppTest) -> int:
    """How many tables the page drew without their download buttons (role or policy)."""
    return sum(c.value.endswith(NOT_ALLOWED) for c in at.caption)


def no_access(at: AppTest) -> bool:
    """Whether the page refused the signed-in role."""
    return any(NO_ACCESS in e.value for e in at.error)


def with_con(path: Path, fn: Callable[[db.Connection], Any]) -> Any:
    """Run a set-up or reading step on a private connection to ``path``, closed afterwards."""
    con = db.connect(path)
    try:
        return fn(con)
    finally:
        con.close()
