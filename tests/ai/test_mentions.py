"""Names in questions: fuzzy only on name-like spans, never on ordinary English; ambiguity asked back."""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai.lexicon import COMMON_WORDS
from moat.ai.mentions import NameIndex, Vocabulary, fold
from moat.ai.parser import Parser
from moat.metrics.periods import Period

AS_OF = date(2026, 11, 25)
# Names built to sit one letter away from everyday words.
VOCAB = Vocabulary(
    clients=("Summit Capital", "Harbor Logistics", "Marge Holdings", "Revel Dental", "Costa Partners", "Totality Group"),
    technicians=("Priya Shah", "Tom Becker", "Hours Mann", "Mona Best"),
    products=(("Exchange Online Plan 1", "Microsoft"), ("Huntress Managed EDR", "Huntress"), ("Change Tracker", "Acme")),
    segments=("healthcare",),
)
EVERYDAY = sorted(COMMON_WORDS | {
    "change", "changed", "changes", "exchange", "margin", "margins", "revenue", "total", "totals", "hours", "cost", "costs",
    "best", "worst", "money", "month", "quarter", "profit", "seats", "clients", "partners", "trend", "capital", "harbor",
    "summit", "manage", "managed", "online", "plan", "tracker", "track", "holding", "holdings", "level", "revel", "coast",
})


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex(VOCAB)


def test_common_words_never_match_a_name(index: NameIndex) -> None:
    """An ordinary lower-case word is never read as a name by similarity (exact names still count)."""
    exact_tokens = index.known_words
    found = {w: index.mentions(fold(w)) for w in EVERYDAY}
    wrong = {w: [(m.kind, m.names) for m in ms] for w, ms in found.items()
             if ms and not (w in exact_tokens and all(m.score == 0.92 or m.score >= 0.95 for m in ms))}
    assert wrong == {}
    assert index.mentions("change") == [] or all(m.names != ("Exchange Online Plan 1",) for m in index.mentions("change"))


def test_change_is_not_exchange_online() -> None:
    parser = Parser(VOCAB, default_period=Period(date(2026, 8, 1), date(2026, 10, 31)))
    parsed = parser.parse("what's the change in revenue from Q2 to Q3", AS_OF)
    assert parsed.intent is not None and parsed.intent.filters == ()
    assert parsed.intent.compare_start == date(2026, 4, 1) and parsed.intent.start == date(2026, 7, 1)


def test_typos_in_names_still_match(index: NameIndex) -> None:
    assert [m.names for m in index.mentions(fold("revenue of Harbour Logistcs"))] == [("Harbor Logistics",)]
    assert [m.names for m in index.mentions(fold("Huntres seats"), {"huntres"})] == [("Huntress Managed EDR",)]


def test_ambiguous_name_is_asked() -> None:
    vocab = Vocabulary(("Summit Capital", "Summit Dental"), (), (), ())
    parsed = Parser(vocab).parse("revenue for Summit last quarter", AS_OF)
    assert parsed.intent is None and "Summit Capital" in parsed.refusal and "Summit Dental" in parsed.refusal
