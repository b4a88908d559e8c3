"""Why a row is not loaded, in the Upload page's words: its buttons, not the command line, where the page has one.

``moat.ingest`` writes one reason per row for the CLI and the page alike ("new client name Zenith Labz: confirm it
with `moat aliases confirm "Zenith Labz" --kind client` ..., then `moat quarantine retry`"); the page showed that
right under its own "Confirm 1 client" button (h103). The stored reason stays as it is (the CLI prints it, and the
page's "New clients waiting" and "Suggested name matches" read it); only the text drawn in the page's tables is
reworded, by the table below. A step the page has no control for (loading exchange rates, an alias for a name that
matches several) keeps its command.
"""

from __future__ import annotations

import re

import polars as pl

from moat.frames import python_map

# (what the CLI wording says, what the page says instead); applied in order, each to every match.
PAGE_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    # phases._hold_new: a name never seen, waiting for a person to confirm it
    (re.compile(r": confirm it with `moat aliases confirm \"[^`]*\" --kind (client|technician)` \(or point it at a known "
                r"name with `moat aliases add`\), then `moat quarantine retry`"),
     r': confirm it with "Confirm new \1s" beside its file, or under "New \1s waiting" in the Quarantine section; '
     r"its rows then load"),
    # resolve.resolve_name: a name close to a known one
    (re.compile(r"confirm with `moat aliases add \"[^`]*\" \"[^`]*\" --kind (?:client|technician)` and retry the quarantine"),
     'confirm the match under "Suggested name matches" in the Quarantine section; its rows are then retried'),
    # any other "then retry": the page's button
    (re.compile(r"\(then `moat quarantine retry`\)"), '(then press "Retry quarantined rows")'),
    (re.compile(r"then `moat quarantine retry`"), 'then press "Retry quarantined rows"'),
)


def page_reason(reason: str | None) -> str | None:
    """One reason as the Upload page says it (None stays None)."""
    if reason is None:
        return None
    for pattern, words in PAGE_WORDS:
        reason = pattern.sub(words, reason)
    return reason


def for_page(rows: pl.DataFrame, column: str = "reason") -> pl.DataFrame:
    """``rows`` with ``column`` in the page's words (a copy; the stored reasons are not touched)."""
    if column not in rows.columns:
        return rows
    return rows.with_columns(python_map(rows[column], page_reason, pl.Utf8))
