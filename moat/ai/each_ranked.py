"""h127 (h121 F): a ranking or a change asked "in each of" / "in both" of several periods ("top client by revenue in each
of Q1 and Q2", "which clients were in the top 5 in both Q1 and Q2", "clients that grew revenue in each of the last 2
quarters", "techs whose hours rose in each of the last 2 months") asks for each period (or each step between them) on
its own. The reading merged them into one comparison (ranked by the change, or H2 against H1) at 0.83-0.98: another
question. h54's ``each_period`` answers a condition on the value in each period; a ranking in each, or a change
in each step, is not a table I give, so it is refused naming the one-period questions that answer it."""

from __future__ import annotations

from moat.ai.each_period import EACH_PERIOD
from moat.ai.reading import Parse, Reading


def each_ranked_refused(r: Reading, said: str) -> Parse | None:
    """The refusal of a ranking / a change asked in each of several periods read as one comparison (module doc)."""
    if r.grouping in ("month", "quarter") or EACH_PERIOD.search(said) is None:
        return None
    ranked = r.limit is not None or r.order is not None
    moved = r.change in ("up", "down")
    merged = r.before is not None or " and " in (r.period_label or "")  # "each of the last 2": h119's ledger flag
    if not ((ranked and merged) or moved):
        return None
    what = "a ranking" if ranked and not moved else "a change"
    return r.refuse(
        f"I can't give {what} in each of several periods at once: I would merge them into one comparison, another "
        "question. Ask each period on its own (e.g. 'top 5 clients by revenue in Q1 2027', then the same for Q2 2027), "
        "or one comparison of two periods ('which clients' revenue rose from Q1 2027 to Q2 2027').",
        ["the 5 biggest clients by revenue in the last quarter", "which clients' revenue rose from the quarter before to last quarter"])
