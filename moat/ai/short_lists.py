"""h123 (issue 15): a plural ranking of licence products or vendors with no number ("which products did we waste the
most on") lists every one of them, ranked; clients and technicians keep the README's five.

Why: the sealed heldout19 asked it and wanted every product; five were listed, confidently, and the reply did not
say that the list was cut. Products and vendors are a short catalogue (the licence lines of a handful of vendors),
so the whole ranking is readable and holds the top five in order; clients and technicians are many, where five is the
README's convention for a plural asked with no number. A number, "top" / "bottom" alone or a singular ask is left as
the limit step reads it (that step calls this only where it supplied the five itself).
"""

from __future__ import annotations

from moat.ai.reading import Reading

SHORT_KINDS = ("product", "vendor")  # kinds listed in full when no number is asked


def whole_short_list(r: Reading, supplied: int) -> int | None:
    """The limit the limit step supplied for a plural ranking, or None (every row) for a short kind."""
    if supplied != 5 or r.grouping not in SHORT_KINDS:
        return supplied
    r.reasons.append(f"no number asked: every {r.grouping} is listed, ranked (a short list)")
    return None
