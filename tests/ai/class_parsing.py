"""The parser set-up the per-round class tests share (h104, h105, h107): one as-of date, default period and data span,
the review threshold, and the two ways a test reads a question (answered; answered and sure)."""
from __future__ import annotations

from datetime import date

from moat.ai.mentions import Vocabulary
from moat.ai.parser import Parser
from moat.ai.reading import Parse
from moat.metrics.periods import Period

AS_OF = date(2027, 4, 9)
DEFAULT = Period(date(2027, 1, 1), date(2027, 3, 31))
REVIEW = 0.7


def make_parser(vocab: Vocabulary) -> Parser:
    """The dev settings' parser (30% target margin, 70-80% utilisation band) over data from March 2026 on."""
    return Parser(vocab, target_margin=0.30, utilization_low=0.70, utilization_high=0.80, default_period=DEFAULT,
                  data_span=Period(date(2026, 3, 1), date(2027, 3, 31)))


def read(parser: Parser, question: str) -> Parse:
    """The parse of a question that must be answered (not refused)."""
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None, (question, parsed.refusal)
    return parsed


def sure(parser: Parser, question: str) -> Parse:
    """The parse of a question that must be answered at or above the review threshold, every word used."""
    parsed = read(parser, question)
    assert parsed.confidence >= REVIEW and not parsed.ignored, (question, parsed.confidence, parsed.ignored)
    return parsed
