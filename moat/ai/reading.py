"""The working state of one parse (``Reading``) and its outcome (``Parse``): what the steps of the parser share."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from moat.ai.catalogue import Intent, Threshold
from moat.ai.lexicon import SUGGESTIONS
from moat.metrics.periods import Period


@dataclass
class Parse:
    """The parser's reading of a question: an intent (or a refusal) and how sure it is."""

    question: str
    intent: Intent | None
    confidence: float
    candidates: list[Intent] = field(default_factory=list)  # alternatives for the model, first = our choice
    refusal: str | None = None
    suggestions: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # words neither used nor filler: the reading is partial
    route: str | None = None  # "explain" | "insights": answered by another page's analysis
    route_period: Period | None = None
    route_filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    read_as: str | None = None  # h77: the words answered when the rest of the question was declined (a forecast)
    assumptions: list[Any] = field(default_factory=list)  # h110: the slots the reading supplied (assumption_ledger)
    own_words: bool = False  # h134: the question is a reading's own words (``moat.ai.own_words``), read by their grammar

    @property
    def unsure(self) -> bool:
        return len(self.candidates) > 1

    @property
    def partial(self) -> bool:
        return bool(self.ignored)


@dataclass
class Reading:
    """The working state of one parse; steps fill it in order."""

    raw: str
    text: str
    as_of: date
    period_fixed: set[str] = field(default_factory=set)  # misspelt period words corrected ("novmber")
    confidence: float = 1.0
    reasons: list[str] = field(default_factory=list)
    used: list[tuple[int, int]] = field(default_factory=list)
    period: Period | None = None
    period_label: str = ""
    named_period: bool = False
    before: Period | None = None
    change: str | None = None
    relative: bool = False  # two periods: the change in percent too
    mom: bool = False  # "month over month" over a period longer than two months: each month with its change
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    excluded: dict[str, tuple[str, ...]] = field(default_factory=dict)  # h65: names left out ("without Harbor")
    order: str | None = None
    shown: str | None = None  # h117: the order the chosen rows are shown in (``moat.ai.rows_chosen``)
    limit: int | None = None
    no_limit: bool = False
    joined: set[str] = field(default_factory=set)  # h21: halves of a name word typed apart ("sentinel", "one")
    summed: bool = False  # h21: "in total", "in all", "combined": one amount asked, only by / per / each split it
    threshold: Threshold | None = None
    threshold_raw: tuple[str, float, float | None, bool] | None = None
    count: bool = False
    months_counted: bool = False  # h18: "in how many months was margin under 20%": the period's months, counted
    band: bool = False
    metric: str | None = None
    forced: bool = False
    candidates: list[str] = field(default_factory=list)
    unit: str | None = None
    superlative: str = ""
    grouping: str | None = None
    name_words: set[str] = field(default_factory=set)  # the words the matched names were written with
    share: bool = False  # a share of the total: the part (names or top / bottom N) over the whole, in percent
    name_spans: list[tuple[int, int]] = field(default_factory=list)  # where the matched names were written
    product_split: str | None = None  # h23: "A vs B" of two products / vendors: "product" or "vendor" rows
    all_only: str | None = None  # h27: the grouping "all / every X" asked with no total word and no per / each / by
    each_named: str | None = None  # h27: "A and B each / respectively" of clients or technicians: one row each
    day: bool = False  # h23: "today" / "yesterday": one day (hours only)
    entity_count: str | None = None  # h23: "how many technicians": the kind of entity counted when no measure is named
    lacking: bool = False  # h78: the clients holding none of the named products ("which clients don't have Huntress")

    def use(self, span: tuple[int, int], blank: bool = False) -> None:
        """Mark the characters of ``span`` as read (and blank them when no later step may read them again)."""
        if span[1] > span[0]:
            self.used.append(span)
            if blank:
                self.text = self.text[:span[0]] + " " * (span[1] - span[0]) + self.text[span[1]:]

    def find(self, pattern: re.Pattern[str], blank: bool = False) -> re.Match[str] | None:
        """Search the unread text; a hit is marked as used."""
        m = pattern.search(self.text)
        if m:
            self.use(m.span(), blank)
        return m

    def has(self, pattern: re.Pattern[str]) -> bool:
        return pattern.search(self.text) is not None

    def refuse(self, message: str, suggestions: list[str] | None = None) -> Parse:
        return Parse(self.raw, None, 0.0, refusal=message, suggestions=SUGGESTIONS if suggestions is None else suggestions,
                     reasons=self.reasons)


Step = Callable[[Reading], "Parse | None"]
