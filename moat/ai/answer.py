"""What one question gets back: the reading, the numbers, the narrative and how sure it is (``moat ask --format json``).

Its own module so that the engine and the routes (explanation, insights) both build it without importing each other.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Answer:
    question: str
    interpretation: str | None
    intent: str | None
    slots: dict[str, Any] | None
    sql: str | None
    columns: list[str]
    rows: list[list[Any]]
    narrative: str
    confidence: float
    cached: bool
    model: str
    provisional: bool = False
    refused: bool = False
    suggestions: list[str] = field(default_factory=list)
    chart: str | None = None
    confidence_parts: dict[str, float] = field(default_factory=dict)
    narrative_source: str = "template"
    reasons: list[str] = field(default_factory=list)
    as_of: str | None = None
    ignored: list[str] = field(default_factory=list)  # words of the question the reading did not use
    alternatives: list[str] = field(default_factory=list)  # other complete readings (interpretations), closest first
    # h134: the alternatives whose words, asked as a question, read back to that very reading (``moat.ai.own_words``):
    # the Ask page offers these as buttons, the others as text only
    alternatives_verified: list[str] = field(default_factory=list)
    route: str | None = None  # "explain" | "insights": the page that holds this kind of answer
    assumptions: list[dict[str, Any]] = field(default_factory=list)  # h110: {slot, supplied, why, risky} the reading supplied
    route_scope: dict[str, Any] | None = None  # a routed answer's period and client / technician, for the page link

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answer:
        return cls(**data)

    @property
    def value(self) -> Any:
        """The single number of a one-number answer (None otherwise)."""
        return self.rows[0][0] if len(self.rows) == 1 and len(self.rows[0]) == 1 else None
