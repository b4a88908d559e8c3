"""What a DP release asks for (``Request``), validated on construction.

Its own module because both ``moat.privacy.releases`` (which carries a request out) and
``moat.privacy.release_approvals`` (which matches a request against an approved one) need it: with the class in
``releases`` the two modules imported each other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from moat.errors import MoatError
from moat.metrics.periods import Period
from moat.privacy.bounds import GROUPINGS, needed_aggregates

DEFAULT_ALPHA = 0.05


@dataclass(frozen=True)
class Request:
    """What to release: metrics, epsilon, period, grouping and the confidence level of the stated intervals."""

    metrics: tuple[str, ...]
    epsilon: float
    period: Period
    grouping: str = "segment"
    alpha: float = DEFAULT_ALPHA

    def __post_init__(self) -> None:
        if self.grouping not in GROUPINGS:
            raise MoatError(f"unknown grouping {self.grouping!r}", f"use one of {', '.join(GROUPINGS)}")
        if not 0 < self.alpha < 0.5:
            raise MoatError(f"alpha must be between 0 and 0.5, got {self.alpha}", "use 0.05 for 95% intervals")
        if not (self.epsilon > 0 and math.isfinite(self.epsilon)):
            raise MoatError(f"epsilon must be a positive number, got {self.epsilon}", "use e.g. --epsilon 1")
        needed_aggregates(list(self.metrics))  # validates the names
