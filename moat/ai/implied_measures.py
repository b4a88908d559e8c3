"""h122 (issue 15): the question's words rewritten where they imply a measure they do not name (a direction:
``moat.ai.implied_comparison``; a loss, rate, target or best month: ``moat.ai.implied_threshold``; a named month's MTD:
``moat.ai.month_to_date``), before the parser's steps run. One entry point keeps the parser's hunk to one line."""

from __future__ import annotations

from moat.ai.implied_comparison import implied_comparison
from moat.ai.implied_threshold import implied_threshold
from moat.ai.month_to_date import named_month_to_date


def implied_measures(text: str) -> tuple[str, list[str], float]:
    """The folded question with implied measures written out, the reasons to report and the confidence factor."""
    text, reasons, factor = implied_threshold(named_month_to_date(text))
    text, more, more_factor = implied_comparison(text)
    return text, reasons + more, factor * more_factor
