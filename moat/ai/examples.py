"""h57 (issue 15, reviewer h51's D9): the example periods a refusal suggests lie inside the data ("revenue June to
August 2026" was suggested for data that ends in March 2025): the three whole months and the quarter that end with the
data's last month, written as a user writes them."""

from __future__ import annotations

from datetime import date

from moat.metrics.periods import Period, add_months


def period_examples(span: Period | None, as_of: date) -> str:
    """'"revenue January to March 2025", "revenue in Q1 2025"' for data ending in March 2025 (else the as-of's)."""
    last = (span.end if span is not None else as_of).replace(day=1)
    if span is None:
        last = add_months(last, -1)
    first = add_months(last, -2)
    q_end = add_months(last, -((last.month - 3) % 3))  # the last month of the latest quarter ending in the data
    quarter = f"Q{(q_end.month - 1) // 3 + 1} {q_end.year}"
    months = f"{first:%B}{'' if first.year == last.year else f' {first.year}'} to {last:%B %Y}"
    return f'"revenue {months}", "revenue in {quarter}"'
